# Creates the sandbox's users and personal access tokens in a fresh Kadi4Mat database, with the
# same ids, names and token values (see src/sandbox/auth.ts and seed.ts). Reads
# {"users": [...], "tokens": {...}} as JSON on stdin; run by launcher.ts with KADI_CONFIG_FILE set.
# Templates, groups and roles are then made through the HTTP API (seed.ts), as a user would.
import json
import sys
from datetime import datetime, timedelta, timezone

from kadi.app import create_app
from kadi.ext.db import db
from kadi.lib.api.models import PersonalToken
from kadi.lib.api.utils import get_access_token_scopes
from kadi.modules.accounts.models import LocalIdentity
from kadi.modules.accounts.providers import LocalProvider

spec = json.load(sys.stdin)

with create_app().app_context():
    # A sandbox token "with no scopes" stands for a token with every scope (the sandbox's
    # full-access tokens); in Kadi an empty scope would allow only basic endpoints.
    every_scope = " ".join(
        f"{obj}.{act}" for obj, acts in get_access_token_scopes().items() for act in acts
    )
    users = {}
    for row in sorted(spec["users"], key=lambda u: u["id"]):
        ident = LocalIdentity.query.filter_by(username=row["username"]).first()
        if ident is None:
            ident = LocalProvider.register(
                displayname=row["displayname"],
                username=row["username"],
                email=row["email"],
                password=f"{row['username']}-password",
                apply_role_rules=False,
            )
        # The sandbox's seed users have confirmed addresses (email confirmation is off here,
        # so Kadi would leave them unconfirmed).
        ident.email_confirmed = True
        user = ident.user
        if user.id != row["id"]:
            sys.exit(f"provision: {row['username']} got id {user.id}, expected {row['id']}")
        user.orcid = row.get("orcid")
        user.email_is_private = bool(row.get("email_private"))
        user.state = row["state"]
        users[row["username"]] = user

    for value, tok in spec["tokens"].items():
        if PersonalToken.get_by_token(value) is not None:
            continue
        scope = every_scope if tok["scopes"] is None else " ".join(tok["scopes"])
        expires = datetime.now(timezone.utc) - timedelta(days=1) if tok.get("expired") else None
        PersonalToken.create(
            user=users[tok["user"]], name="tests", scope=scope, expires_at=expires, token=value
        )
    db.session.commit()
    print(f"provision: {len(users)} users, {len(spec['tokens'])} tokens")
