"""Reading the files people give podium: YAML that keeps its lines, CSV rows, schema checks.

This package sits below everything that reads user files (rules, formats, reports, web), so
that each of them reads through the same guarded doors and none reaches up into another.
"""
