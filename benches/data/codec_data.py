#!/usr/bin/env python3
"""Writes the payloads of `benches/codec.rs` into this folder (run it from anywhere).

Deterministic: every value is derived from the index of its item, so running it again gives
the same bytes. Every value keeps the length and pattern rules of its schema (`schemas/` for
the Cognito payloads, `tests/golden/unions/schemas/events/` for the push event); the bench
reads each file with the generated reader, which checks them, before it measures anything.

- `list-users-response-200.json`: one `ListUsers` page of 200 users, one user per line;
- `describe-user-pool-response.json`: a pool with every member of `UserPoolType` present;
- `push-event-20-commits.json`: an `Event` of the unions golden case, a push of 20 commits
  (the most its schema allows).
"""

import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

FIRST = ["Ana", "Bruno", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas",
         "Kemal", "Lucia", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq"]
LAST = ["Almeida", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanova",
        "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quinn", "Rossi"]
TIERS = ["free", "team", "business", "enterprise"]
STATUSES = ["CONFIRMED"] * 6 + ["UNCONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED",
                                "EXTERNAL_PROVIDER"]


def digest(label, n=32):
    """Hex digits derived from `label`: stable across runs and machines."""
    return hashlib.sha256(label.encode()).hexdigest()[:n]


def uuid(label):
    h = digest(label)
    return f"{h[0:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def user(i):
    first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
    sub = uuid(f"user-{i}")
    created = 1_690_000_000 + i * 86_413 + (1 + (i * 37) % 999) / 1000
    modified = created + 3_600 * (1 + i % 90) + (1 + (i * 53) % 998) / 1000
    entry = {
        "Username": sub,
        "Attributes": [
            {"Name": "sub", "Value": sub},
            {"Name": "email", "Value": f"{first}.{last}{i}@example.com".lower()},
            {"Name": "email_verified", "Value": "true" if i % 5 else "false"},
            {"Name": "name", "Value": f"{first} {last}"},
            {"Name": "phone_number", "Value": f"+4420{7946_0000 + i * 17:08d}"},
            {"Name": "custom:tier", "Value": TIERS[i % len(TIERS)]},
        ],
        "UserCreateDate": round(created, 3),
        "UserLastModifiedDate": round(modified, 3),
        "Enabled": i % 23 != 0,
        "UserStatus": STATUSES[i % len(STATUSES)],
    }
    if i % 2 == 0:
        org = "org-" + digest(f"org-{i % 40}", 12)
        entry["Attributes"].append({"Name": "custom:org_id", "Value": org})
    if i % 3 == 0:
        entry["MFAOptions"] = [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]
    return entry


def list_users():
    users = [user(i) for i in range(200)]
    token = digest("page-2", 64) + "." + digest("page-2-sig", 40)
    lines = ",\n".join("    " + json.dumps(u, separators=(",", ":")) for u in users)
    tail = '\n  ],\n  "PaginationToken": ' + json.dumps(token) + "\n}\n"
    return '{\n  "Users": [\n' + lines + tail


POOL_ID = "eu-west-1_Qx7Lm2Pa9"
ACCOUNT = "111122223333"


def kebab(name):
    """`PreSignUp` → `pre-sign-up`."""
    return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


def lambda_arn(name):
    return f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:shop-{name}"


def schema_attribute(name, kind="String", mutable=True, required=False, developer_only=False):
    entry = {
        "Name": name,
        "AttributeDataType": kind,
        "DeveloperOnlyAttribute": developer_only,
        "Mutable": mutable,
        "Required": required,
    }
    if kind == "Number":
        entry["NumberAttributeConstraints"] = {"MinValue": "0", "MaxValue": "500"}
    elif kind == "String":
        low = "1" if name in ("sub", "email") else "0"
        entry["StringAttributeConstraints"] = {"MinLength": low, "MaxLength": "2048"}
    return entry


def user_pool():
    standard = ["name", "given_name", "family_name", "middle_name", "nickname",
                "preferred_username", "profile", "picture", "website", "gender", "birthdate",
                "zoneinfo", "locale", "phone_number", "address"]
    attributes = [schema_attribute("sub", mutable=False, required=True)]
    attributes += [schema_attribute(n) for n in standard]
    attributes.insert(10, schema_attribute("email", required=True))
    attributes.append(schema_attribute("email_verified", "Boolean"))
    attributes.append(schema_attribute("phone_number_verified", "Boolean"))
    attributes.append(schema_attribute("updated_at", "Number"))
    attributes.append(schema_attribute("custom:tier"))
    attributes.append(schema_attribute("custom:seats", "Number"))
    attributes.append(schema_attribute("dev:custom:risk_note", developer_only=True))
    attributes.append(schema_attribute("custom:signed_up_at", "DateTime", mutable=False))
    triggers = ["PreSignUp", "CustomMessage", "PostConfirmation", "PreAuthentication",
                "PostAuthentication", "DefineAuthChallenge", "CreateAuthChallenge",
                "VerifyAuthChallengeResponse", "PreTokenGeneration", "UserMigration"]
    lambdas = {t: lambda_arn(kebab(t)) for t in triggers}
    lambdas["KMSKeyID"] = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/{uuid('pool-key')}"
    code_mail = ("Hello,\n\nyour verification code for Example Shop is {####}.\n"
                 "It stays valid for 24 hours. If you did not ask for it, ignore this message.")
    link_mail = ("Hello,\n\nplease confirm your address for Example Shop: "
                 "{##Confirm my address##}\nThe link stays valid for 24 hours.")
    return {
        "Id": POOL_ID,
        "Name": "example-shop-customers",
        "Policies": {"PasswordPolicy": {
            "MinimumLength": 12, "RequireUppercase": True, "RequireLowercase": True,
            "RequireNumbers": True, "RequireSymbols": False, "PasswordHistorySize": 5,
            "TemporaryPasswordValidityDays": 3}},
        "DeletionProtection": "ACTIVE",
        "LambdaConfig": lambdas,
        "Status": "Enabled",
        "LastModifiedDate": 1712345678.901,
        "CreationDate": 1650000000.25,
        "SchemaAttributes": attributes,
        "AutoVerifiedAttributes": ["email", "phone_number"],
        "AliasAttributes": ["email", "phone_number", "preferred_username"],
        "UsernameAttributes": ["email"],
        "SmsVerificationMessage": "Example Shop: your code is {####}",
        "EmailVerificationMessage": code_mail,
        "EmailVerificationSubject": "Your Example Shop verification code",
        "VerificationMessageTemplate": {
            "SmsMessage": "Example Shop: your code is {####}",
            "EmailMessage": code_mail,
            "EmailSubject": "Your Example Shop verification code",
            "EmailMessageByLink": link_mail,
            "EmailSubjectByLink": "Confirm your Example Shop address",
            "DefaultEmailOption": "CONFIRM_WITH_CODE"},
        "SmsAuthenticationMessage": "Example Shop sign-in code: {####}",
        "UserAttributeUpdateSettings": {
            "AttributesRequireVerificationBeforeUpdate": ["email", "phone_number"]},
        "MfaConfiguration": "OPTIONAL",
        "DeviceConfiguration": {
            "ChallengeRequiredOnNewDevice": True, "DeviceOnlyRememberedOnUserPrompt": False},
        "EstimatedNumberOfUsers": 48213,
        "EmailConfiguration": {
            "SourceArn": f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/no-reply@shop.example.com",
            "ReplyToEmailAddress": "support@shop.example.com",
            "EmailSendingAccount": "DEVELOPER",
            "From": "Example Shop <no-reply@shop.example.com>"},
        "SmsConfiguration": {
            "SnsCallerArn": f"arn:aws:iam::{ACCOUNT}:role/service-role/shop-cognito-sms",
            "ExternalId": uuid("sms-external-id"),
            "SnsRegion": "eu-west-1"},
        "UserPoolTags": {"team": "identity", "cost-center": "cc-1042",
                         "environment": "production", "data-class": "personal"},
        "SmsConfigurationFailure": ("The SNS account is in the sandbox: only verified numbers "
                                    "get texts."),
        "EmailConfigurationFailure": "The SES identity has not been verified in eu-west-1 yet.",
        "AdminCreateUserConfig": {
            "AllowAdminCreateUserOnly": False,
            "UnusedAccountValidityDays": 7,
            "InviteMessageTemplate": {
                "SMSMessage": "Example Shop: sign in as {username} with {####} within 7 days.",
                "EmailMessage": ("Welcome to Example Shop.\n\nYour user name is {username} and "
                                 "your first password is {####}. Change it when you first "
                                 "sign in."),
                "EmailSubject": "Your new Example Shop account"}},
        "UserPoolAddOns": {"AdvancedSecurityMode": "AUDIT"},
        "UsernameConfiguration": {"CaseSensitive": False},
        "Arn": f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/{POOL_ID}",
        "AccountRecoverySetting": {"RecoveryMechanisms": [
            {"Priority": 1, "Name": "verified_email"},
            {"Priority": 2, "Name": "verified_phone_number"}]},
    }


AUTHORS = [("Marta K.", "marta@example.org", "marta-k"),
           ("Jonas Berg", "jonas.berg@example.net", "jberg"),
           ("Priya Nair", "priya@example.org", None)]
SUBJECTS = ["Read tables with a trailing comment line", "Keep the header order when merging",
            "Report the line of a bad timestamp", "Skip empty stations instead of failing",
            "Document the --units flag", "Round heights to centimetres on output"]
FILES = ["src/table.rs", "src/parse.rs", "src/station.rs", "src/units.rs", "src/main.rs",
         "README.md", "tests/tables.rs", "tests/data/empty.txt", "CHANGELOG.md"]


def commit(i):
    name, email, handle = AUTHORS[i % len(AUTHORS)]
    author = {"name": name, "email": email, "username": handle}
    return {
        "id": digest(f"commit-{i}", 40),
        "message": f"{SUBJECTS[i % len(SUBJECTS)]}\n\nPart {i + 1} of the tide-table cleanup.",
        "timestamp": f"2024-03-05T{9 + i // 4:02d}:{(i * 11) % 60:02d}:{(i * 7) % 60:02d}+01:00",
        "author": author,
        "added": [f"tests/data/station-{i:02d}.txt"] if i % 3 == 0 else [],
        "removed": ["tests/data/old.txt"] if i == 7 else [],
        "modified": [FILES[(i + k) % len(FILES)] for k in range(1 + i % 4)],
    }


def account(login, number, email, admin=False):
    return {"login": login, "id": number, "email": email, "site_admin": admin}


def push_event():
    commits = [commit(i) for i in range(20)]
    owner = account("tide-org", 880412, None)
    return {
        "action": "pushed",
        "ref": "refs/heads/main",
        "before": digest("commit-before", 40),
        "after": commits[-1]["id"],
        "forced": False,
        "commits": commits,
        "head_commit": commits[-1],
        "pusher": {"name": "Marta K.", "email": "marta@example.org"},
        "repository": {
            "id": 130442, "name": "tidepool", "full_name": "tide-org/tidepool",
            "owner": owner, "private": False, "archived": False,
            "description": "Reads tide tables and prints them nicely.",
            "homepage": "https://tidepool.example.org", "language": "Rust",
            "default_branch": "main", "stargazers_count": 42,
            "pushed_at": "2024-03-05T17:40:12Z", "organization": owner,
            "license": {"key": "mit", "name": "MIT License", "spdx_id": "MIT"},
            "topics": ["parsing", "cli", "tides", "oceanography"]},
        "sender": account("marta-k", 5021, "marta@example.org"),
    }


def write(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"{name}: {len(text.encode())} bytes")


if __name__ == "__main__":
    write("list-users-response-200.json", list_users())
    pool = json.dumps({"UserPool": user_pool()}, indent=2, ensure_ascii=False)
    write("describe-user-pool-response.json", pool + "\n")
    write("push-event-20-commits.json", json.dumps(push_event(), indent=2) + "\n")
