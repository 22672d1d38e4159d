# Runs Kadi4Mat's own template importer (kadi.modules.templates.imports.parse_import_data) on
# the cases given as JSON lines on stdin ({"format", "type", "text"}) and answers one JSON line
# each: {"result": <what Kadi returns>} (null when Kadi refuses the file). Used by
# import.test.ts. The importer needs only a Flask application context, except for one
# database query: a record's license is looked up by name. The licenses given in argv stand
# in for Kadi's license table.
import io
import json
import sys

from flask import Flask
from marshmallow import ValidationError

from kadi.lib.licenses.schemas import LicenseSchema
from kadi.modules.templates.imports import parse_import_data

KNOWN_LICENSES = set(json.loads(sys.argv[1])) if len(sys.argv) > 1 else set()


def _validate_name(self, value):
    if value not in KNOWN_LICENSES:
        raise ValidationError("No license with this name exists.")


LicenseSchema._validate_name = _validate_name

FORMATS = {"json-schema": "json-schema", "shacl": "shacl", "record": "json"}

app = Flask("kadi-import-agreement")
with app.app_context():
    for line in sys.stdin:
        case = json.loads(line)
        stream = io.BytesIO(case["text"].encode("utf-8"))
        result = parse_import_data(stream, FORMATS[case["format"]], case["type"])
        print(json.dumps({"result": result}, default=str), flush=True)
