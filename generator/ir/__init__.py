"""Stage 5, ir: the intermediate representation the templates see, and its builder."""

from generator.ir.build import build_ir
from generator.ir.model import ClientIR

__all__ = ["ClientIR", "build_ir"]
