"""The model plan: which schemas are classes, their names, members, types and checks."""

from generator.ir.models.planner import ModelPlanner

__all__ = ["ModelPlanner"]
