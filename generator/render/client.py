"""The client module (``_client.py``): ``Client`` and ``AsyncClient`` with the spec's credentials and
options as arguments, ``copy``, the top-level resources, and the raw- and streaming-response views;
laid out as black writes it (:mod:`generator.render.layout`), so it is never formatted.
"""

from __future__ import annotations

from typing import Any

from generator.ir.model import ClientIR
from generator.render.filters import docstring
from generator.render.layout import (
    AnnAssign,
    Assign,
    Attribute,
    BinOp,
    Call,
    ClassDef,
    DictExpr,
    Docstring,
    Expr,
    ExprStatement,
    FunctionDef,
    Literal,
    Name,
    Param,
    Return,
    Statement,
    Subscript,
    format_statement,
)
from generator.render.methods import data_expr, text_literal
from generator.render.pytypes import from_import_lines
from generator.render.resources import class_head

_SELF = Name("self")
_NONE = Name("None")
_OPTIONAL_TEXT = BinOp("|", (Name("str"), _NONE))
_HEADERS = BinOp("|", (Subscript(Name("Mapping"), (Name("str"), BinOp("|", (Name("str"), Name("Omit"))))), _NONE))
_QUERY = BinOp("|", (Subscript(Name("Mapping"), (Name("str"), Name("object"))), _NONE))
_ARGUMENT_DOCS = """\
  timeout: Seconds (or an ``httpx.Timeout``) per request: 600 s in all, 5 s to connect by default.

  max_retries: How many times a failed request is retried (connection errors, timeouts, 408, 409,
    429 and 5xx), with exponential backoff.

  default_headers: Headers sent with every request (``omit`` removes one the client sends).

  default_query: Query parameters sent with every request."""
_COPY_DOC = """\
A new client with some options changed; it shares the connection pool unless ``http_client`` is given.

``default_headers`` / ``default_query`` are merged over this client's; ``set_default_headers`` /
``set_default_query`` replace them."""


def client_context(ir: ClientIR, top: list[dict[str, Any]]) -> dict[str, Any]:
    """What ``_client.py.jinja`` renders: its docstring and classes, laid out."""
    title = docstring(ir.title)
    summary = f"Clients for {title} (API version {docstring(ir.api_version)})."
    classes = []
    for prefix in ("", "Async"):
        http = Name("httpx.AsyncClient" if prefix else "httpx.Client")
        doc = Docstring(
            f"{'Asynchronous' if prefix else 'Synchronous'} client for {docstring(ir.title, 4)}.", inline=True
        )
        members = [_init(ir, http), *_accessors(ir), _copy(ir, prefix, http)]
        head = ClassDef(f"{prefix}Client", (Name("AsyncAPIClient" if prefix else "SyncAPIClient"),), (doc,))
        blocks = [format_statement(function, 4) for function in members]
        blocks.append(format_statement(Assign("with_options", Name("copy")), 4))
        for kind, wrapper in (("Raw", "raw"), ("Streamed", "streaming")):
            view = f"{prefix}ClientWith{kind}Response"
            text = (
                "return the raw HTTP response"
                if kind == "Raw"
                else "return a context manager around the unread HTTP response"
            )
            body = (
                Docstring(f"The resources, with methods that {text}.", inline=True),
                Return(Call(Name(view), (_SELF,))),
            )
            function = FunctionDef(
                f"with_{wrapper}_response", (Param("self"),), Name(view), body, (Name("cached_property"),)
            )
            blocks.append(format_statement(function, 4))
        for resource in top:
            blocks.append(_resource_property(resource, prefix))
        classes.append({"head": class_head(head), "members": blocks})
        for kind, wrapper in (("Raw", "raw"), ("Streamed", "streaming")):
            classes.append(_view_class(prefix, kind, wrapper, top))
    return {"docstring": format_statement(Docstring(summary, inline=True), 0), "classes": classes}


def _init(ir: ClientIR, http: Name) -> FunctionDef:
    credentials = ir.security.credentials
    options = ir.client_options
    params = (
        Param("self"),
        Param("*"),
        *(Param(c.name, _OPTIONAL_TEXT, _NONE) for c in credentials),
        *(Param(o.name, _OPTIONAL_TEXT, _NONE) for o in options),
        Param("base_url", BinOp("|", (Name("str"), Name("httpx.URL"), _NONE)), _NONE),
        Param("timeout", Name("Timeout"), Name("DEFAULT_TIMEOUT")),
        Param("max_retries", Name("int"), Name("DEFAULT_MAX_RETRIES")),
        Param("default_headers", _HEADERS, _NONE),
        Param("default_query", _QUERY, _NONE),
        Param("http_client", BinOp("|", (http, _NONE)), _NONE),
    )
    arguments = []
    for c in credentials:
        described = f"{docstring(c.description, 4)} " if c.description else ""
        arguments.append(f"  {c.name}: {described}Defaults to the ``{docstring(c.env)}`` environment variable.")
    for o in options:
        described = f"{docstring(o.description, 4)} " if o.description else ""
        env = f"; defaults to the ``{docstring(o.env)}`` environment variable" if o.env else ""
        arguments.append(f"  {o.name}: {described}Sent as ``{docstring(o.header)}``{env}.")
    if ir.base_url:
        base = f"Defaults to ``{docstring(ir.base_url_env)}``, else ``{docstring(ir.base_url)}``."
    else:
        base = f"Defaults to ``{docstring(ir.base_url_env)}``; required (the spec names no absolute server URL)."
    arguments.append(f"  base_url: {base}")
    arguments.append(_ARGUMENT_DOCS)
    arguments.append(f"  http_client: An ``{http.text}`` to send requests with (proxies, transports, limits).")
    text = "Create a client.\n\nArgs:\n" + "\n\n".join(arguments)
    call = Call(
        Attribute(Call(Name("super")), "__init__"),
        kwargs=(
            ("credentials", _table(c.name for c in credentials)),
            *((name, Name(name)) for name in ("base_url", "timeout", "max_retries", "default_headers")),
            *((name, Name(name)) for name in ("default_query", "http_client")),
            ("options", _table(o.name for o in options)),
        ),
        trailing_comma=True,
    )
    body = (Docstring(text, first_line=True), ExprStatement(call))
    return FunctionDef("__init__", params, _NONE, body, trailing_comma=True)


def _table(names: Any) -> DictExpr:
    pairs = tuple((text_literal(name), Name(name)) for name in names)
    return DictExpr(pairs, trailing_comma=bool(pairs))


def _accessors(ir: ClientIR) -> list[FunctionDef]:
    found = []
    for c in ir.security.credentials:
        doc = f"The ``{c.name}`` credential (from the argument or ``{docstring(c.env, 8)}``), if set."
        value: Expr = Call(Attribute(Attribute(_SELF, "_credentials"), "get"), (text_literal(c.name),))
        found.append(_property(c.name, doc, value))
    for o in ir.client_options:
        doc = f"The ``{o.name}`` option (sent as ``{docstring(o.header, 8)}``), if set."
        found.append(_property(o.name, doc, Subscript(Attribute(_SELF, "_options"), (text_literal(o.name),))))
    return found


def _property(name: str, doc: str, value: Expr) -> FunctionDef:
    body = (Docstring(doc, inline=True), Return(value))
    return FunctionDef(name, (Param("self"),), _OPTIONAL_TEXT, body, (Name("property"),))


def _copy(ir: ClientIR, prefix: str, http: Name) -> FunctionDef:
    names = [c.name for c in ir.security.credentials] + [o.name for o in ir.client_options]
    params = (
        Param("self"),
        Param("*"),
        *(Param(name, _OPTIONAL_TEXT, _NONE) for name in names),
        Param("base_url", BinOp("|", (Name("str"), Name("httpx.URL"), _NONE)), _NONE),
        Param("timeout", BinOp("|", (Name("Timeout"), Name("NotGiven"))), Name("not_given")),
        Param("http_client", BinOp("|", (http, _NONE)), _NONE),
        Param("max_retries", BinOp("|", (Name("int"), Name("NotGiven"))), Name("not_given")),
        Param("default_headers", _HEADERS, _NONE),
        Param("set_default_headers", _HEADERS, _NONE),
        Param("default_query", _QUERY, _NONE),
        Param("set_default_query", _QUERY, _NONE),
    )
    defaults = Call(
        Attribute(_SELF, "_copied_defaults"),
        tuple(Name(n) for n in ("default_headers", "set_default_headers", "default_query", "set_default_query")),
    )

    def kept(name: str, current: Expr, helper: str = "or_else") -> tuple[str, Expr]:
        return name, Call(Name(helper), (Name(name), current))

    made = Call(
        Call(Name("type"), (_SELF,)),
        kwargs=(
            *(kept(name, Attribute(_SELF, name)) for name in names),
            ("base_url", Call(Attribute(_SELF, "_kept_base_url"), (Name("base_url"),))),
            kept("timeout", Attribute(_SELF, "timeout"), "given_or"),
            kept("max_retries", Attribute(_SELF, "max_retries"), "given_or"),
            ("default_headers", Name("headers")),
            ("default_query", Name("query")),
            kept("http_client", Attribute(_SELF, "_http")),
        ),
        trailing_comma=True,
    )
    body: tuple[Statement, ...] = (
        Docstring(_COPY_DOC, first_line=True),
        Assign("headers, query", defaults),
        Assign("copy", made),
        ExprStatement(Call(Attribute(_SELF, "_copy_hooks"), (Name("copy"),))),
        Return(Name("copy")),
    )
    return FunctionDef("copy", params, Name(f"{prefix}Client"), body, trailing_comma=True)


def _resource_property(resource: dict[str, Any], prefix: str) -> list[str]:
    name = f"{prefix}{resource['class_name']}"
    doc = Docstring(f"``client.{resource['attr']}``.", inline=True)
    function = FunctionDef(resource["attr"], (Param("self"),), Name(name), (doc,), (Name("cached_property"),))
    lines = format_statement(function, 4)
    lines.extend(from_import_lines(f".{resource['module']}", [name], 8))
    lines.append("")
    lines.extend(format_statement(Return(Call(Name(name), (_SELF,))), 8))
    return lines


def _view_class(prefix: str, kind: str, wrapper: str, top: list[dict[str, Any]]) -> dict[str, Any]:
    name = f"{prefix}ClientWith{kind}Response"
    doc = Docstring(
        f"``client.with_{wrapper}_response``: the client's resources with their methods wrapped.", inline=True
    )
    init = FunctionDef(
        "__init__",
        (Param("self"), Param("client", Name(f"{prefix}Client"))),
        _NONE,
        (Assign("self._client", Name("client")),),
    )
    blocks = [format_statement(init, 4)]
    view = "Raw" if kind == "Raw" else "Streaming"
    for resource in top:
        attr = resource["attr"]
        value = Attribute(Attribute(Attribute(_SELF, "_client"), attr), f"with_{wrapper}_response")
        body = (Docstring(f"``client.{attr}.with_{wrapper}_response``.", inline=True), Return(value))
        returns = Name(f"{prefix}{resource['class_name']}With{view}Response")
        blocks.append(format_statement(FunctionDef(attr, (Param("self"),), returns, body, (Name("property"),)), 4))
    return {"head": class_head(ClassDef(name, (), (doc,))), "members": blocks}


def constant_statements(context: dict[str, Any]) -> dict[str, str]:
    """The assignments of ``_constants.py`` (from the runtime context), each laid out as black writes it."""

    def tuple_of(*items: Expr) -> Expr:
        return Subscript(Name("tuple"), items)

    text_pair = tuple_of(Name("str"), Name("str"))
    annotated: dict[str, tuple[Expr | None, Any]] = {
        "VERSION": (None, context["version"]),
        "USER_AGENT": (None, context["user_agent"]),
        "DEFAULT_BASE_URL": (None, context["base_url"]),
        "BASE_URL_ENV": (None, context["base_url_env"]),
        "CREDENTIALS": (tuple_of(text_pair, Literal("...")), context["credentials"]),
        "CREDENTIALS_REQUIRED": (None, context["credentials_required"]),
        "SECURITY_SCHEMES": (
            Subscript(
                Name("dict"),
                (Name("str"), tuple_of(Name("str"), Name("str"), Name("str"), tuple_of(Name("str"), Literal("...")))),
            ),
            context["security_schemes"],
        ),
        "DEFAULT_SECURITY": (
            tuple_of(tuple_of(Name("str"), Literal("...")), Literal("...")),
            context["default_security"],
        ),
        "CLIENT_OPTIONS": (
            tuple_of(tuple_of(Name("str"), Name("str"), Name("str")), Literal("...")),
            context["client_options"],
        ),
    }
    found = {}
    for name, (annotation, value) in annotated.items():
        statement = (
            Assign(name, data_expr(value)) if annotation is None else AnnAssign(name, annotation, data_expr(value))
        )
        found[name] = "\n".join(format_statement(statement, 0))
    return found


def package_docstring(ir: ClientIR) -> list[str]:
    """The package ``__init__``'s docstring: what the client is and how to create one."""
    reads = ", ".join(c.env for c in ir.security.credentials)
    create = f"client = Client()  # reads {docstring(reads, 4)}" if reads else "client = Client()"
    text = "\n".join(
        (
            f"{docstring(ir.title)}: a typed Python client generated by specgen.",
            "",
            f"    from {ir.package} import Client",
            "",
            f"    {create}",
        )
    )
    return format_statement(Docstring(text, first_line=True), 0)
