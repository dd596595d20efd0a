"""Responses of the signing-key operations (keys for presigned URLs; control plane), one module per operation."""

from momento_web.responses.control.signing_key.create import CreateSigningKey, CreateSigningKeyResponse
from momento_web.responses.control.signing_key.list import ListSigningKeys, ListSigningKeysResponse, SigningKey
from momento_web.responses.control.signing_key.revoke import RevokeSigningKey, RevokeSigningKeyResponse

__all__ = [
    "CreateSigningKey",
    "CreateSigningKeyResponse",
    "ListSigningKeys",
    "ListSigningKeysResponse",
    "RevokeSigningKey",
    "RevokeSigningKeyResponse",
    "SigningKey",
]
