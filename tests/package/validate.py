"""Validates Frictionless data packages with frictionless-py, in one process
(its start-up costs more than a package): prints one JSON line per package,
{"path": ..., "valid": bool, "errors": [...]}, the errors as
"resource: type: message"."""
import json
import sys

from frictionless import Package, system

for path in sys.argv[1:]:
    with system.use_context(trusted=True):
        report = Package(path).validate()
    errors = []
    for task in report.tasks:
        for error in task.errors:
            errors.append(f"{task.name}: {error.type}: {error.message}")
    for error in report.errors:
        errors.append(f"package: {error.type}: {error.message}")
    print(json.dumps({"path": path, "valid": report.valid, "errors": errors[:20]}))
