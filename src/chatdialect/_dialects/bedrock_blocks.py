"""What reading, writing and the schema of the ``bedrock`` codec share: the Converse key sets,
the content-block and document formats, and small helpers (block kinds, cache points, data URLs,
compact JSON, the blocks with a canonical form).

Facts from botocore's ``bedrock-runtime`` service model (2023-09-30, botocore 1.43.67), as collected in
``vendors/bedrock_converse.md``. The codec is split by job: ``bedrock_reading`` (wire -> canonical),
``bedrock_writing`` (canonical -> wire), ``bedrock_families`` (the model-family table of
``additionalModelRequestFields``), ``bedrock_schema`` (the wire shape as JSON Schema) and
``bedrock_codec`` (the ``Codec`` that joins them). Nothing here mutates its input or fetches anything.
"""

from __future__ import annotations

import json
import re
from typing import Any

from chatdialect._changes import ChangeKind, Problems
from chatdialect._errors import InvalidRequestError

Json = dict[str, Any]

TOP_LEVEL = (
    "messages",
    "system",
    "inferenceConfig",
    "toolConfig",
    "guardrailConfig",
    "additionalModelRequestFields",
    "promptVariables",
    "additionalModelResponseFieldPaths",
    "requestMetadata",
    "performanceConfig",
    "serviceTier",
    "outputConfig",
)
"""The members of ``ConverseRequest`` in the HTTP body, in the service model's order (``modelId`` is
in the URL)."""
INFERENCE = {"maxTokens": "max_completion_tokens", "temperature": "temperature", "topP": "top_p"}
INFERENCE["stopSequences"] = "stop"
"""``inferenceConfig`` members and the canonical field each is."""
TOOL_SPEC_KEYS = frozenset({"name", "description", "inputSchema", "strict"})
"""The members of a ``toolSpec``."""
CHOICES = {"auto": "auto", "any": "required"}
"""``toolChoice`` members without a name and the canonical ``tool_choice`` each is (``tool`` names one)."""
ROLES = ("user", "assistant")
"""The roles of Converse turns (``system`` turns only hold tool additions and removals)."""

IMAGE_FORMATS = frozenset({"png", "jpeg", "gif", "webp"})
"""``ImageBlock.format``: the image media types ``image/<format>``."""
DOCUMENT_FORMATS = {
    "pdf": "application/pdf",
    "csv": "text/csv",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
    "txt": "text/plain",
    "md": "text/markdown",
}
"""``DocumentBlock.format`` and the media type of a data URL holding such a document."""
DOCUMENT_MEDIA = {media: name for name, media in DOCUMENT_FORMATS.items()}
DOCUMENT_NAME = re.compile(r"[A-Za-z0-9()\[\]-]+(?: [A-Za-z0-9()\[\]-]+)*")
"""``DocumentBlock.name``: alphanumerics, single spaces, hyphens, parentheses, square brackets."""
TOOL_USE_ID = re.compile(r"[a-zA-Z0-9_.:-]{1,64}")
"""``ToolUseBlock.toolUseId`` (and ``toolResult``'s)."""
METADATA_TEXT = re.compile(r"[a-zA-Z0-9\s:_@$#=/+,.-]*")
"""The characters of ``requestMetadata`` keys (1-256) and values (0-256)."""

_DATA_URL = re.compile(r"data:([^;,]+);base64,(.*)", re.DOTALL)


def block_kind(block: Any) -> str | None:
    """The member a content-block union object holds; None unless it holds exactly one."""
    if isinstance(block, dict) and len(block) == 1:
        (kind,) = block
        return str(kind)
    return None


def parse_data_url(url: Any) -> tuple[str, str] | None:
    """``(media_type, data)`` of a base64 ``data:`` URL; None for anything else."""
    match = _DATA_URL.fullmatch(url) if isinstance(url, str) else None
    return (match.group(1), match.group(2)) if match else None


def compact(value: Any) -> str:
    """Compact JSON (SPEC section 8: every JSON value written into a string)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def cache_control_of(point: Any) -> Json | None:
    """The canonical ``cache_control`` of a ``cachePoint`` (``default`` is Anthropic's ``ephemeral``,
    ``ttl`` kept); None for a cache point that holds anything else."""
    if not isinstance(point, dict) or point.get("type") != "default" or not {"type", "ttl"}.issuperset(point):
        return None
    return {"type": "ephemeral", **({"ttl": point["ttl"]} if "ttl" in point else {})}


def cache_point_of(control: Json) -> Json | None:
    """The ``cachePoint`` block of a canonical ``cache_control``; None for one Bedrock cannot say."""
    if control.get("type") != "ephemeral" or not {"type", "ttl"}.issuperset(control):
        return None
    if control.get("ttl") not in (None, "5m", "1h"):
        return None
    return {"cachePoint": {"type": "default", **({"ttl": control["ttl"]} if "ttl" in control else {})}}


_REASONING = frozenset({"text", "signature"})


def thinking_block(value: Any) -> Json | None:
    """A ``reasoningContent`` union as an Anthropic-shaped thinking block (signature replayed)."""
    kind = block_kind(value)
    if kind == "redactedContent" and isinstance(value["redactedContent"], str):
        return {"type": "redacted_thinking", "data": value["redactedContent"]}
    text = value["reasoningText"] if kind == "reasoningText" else None
    if not isinstance(text, dict) or not isinstance(text.get("text"), str) or not text.keys() <= _REASONING:
        return None
    signed = {"signature": text["signature"]} if "signature" in text else {}
    return {"type": "thinking", "thinking": text["text"], **signed}


def image_part(image: Any) -> Json | None:
    """An image of base64 bytes in a known format, and nothing more, as an image_url data URL part."""
    if not isinstance(image, dict) or image.keys() != {"format", "source"}:
        return None
    source = image["source"]
    if (
        image["format"] not in IMAGE_FORMATS
        or block_kind(source) != "bytes"
        or type(source["bytes"]) is not str
    ):
        return None
    url = f"data:image/{image['format']};base64,{source['bytes']}"
    return {"type": "image_url", "image_url": {"url": url}}


def document_part(document: Any) -> Json | None:
    """A named document of base64 bytes in a known format, and nothing more, as a file part."""
    if not isinstance(document, dict) or document.keys() != {"format", "name", "source"}:
        return None
    media, source = DOCUMENT_FORMATS.get(document["format"]), document["source"]
    if media is None or block_kind(source) != "bytes" or not isinstance(source["bytes"], str):
        return None
    if not isinstance(document["name"], str):
        return None
    file = {"filename": document["name"], "file_data": f"data:{media};base64,{source['bytes']}"}
    return {"type": "file", "file": file}


def is_result(block: Any) -> bool:
    """Whether a block is a plain ``toolResult`` (one with a server-tool ``type`` is kept as it is)."""
    result = block.get("toolResult") if block_kind(block) == "toolResult" else None
    return isinstance(result, dict) and "type" not in result


def raise_errors(errors: Problems) -> None:
    """``InvalidRequestError`` naming every pointer, if there is any problem."""
    if errors:
        raise InvalidRequestError(list(dict.fromkeys(errors)), dialect="bedrock")


def document_name(filename: Any) -> str | None:
    """A filename as a Bedrock document name: kept when it fits, else its stem with every run of
    other characters made one space (at most 200 characters); None when nothing is left."""
    if not isinstance(filename, str):
        return None
    if len(filename) <= 200 and DOCUMENT_NAME.fullmatch(filename):
        return filename
    stem = filename.rsplit(".", 1)[0] if "." in filename.lstrip(".") else filename
    name = re.sub(r"[^A-Za-z0-9()\[\]-]+", " ", stem).strip()[:200].strip()
    return name or None


def json_object(text: str) -> Json | None:
    """The JSON object ``text`` encodes; None when it holds anything else."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


Record = tuple[ChangeKind, str, str | None, str]
"""A change to record: kind, source pointer, target pointer, reason."""


def result_status(message: Json, at: str, dst: str, empty: bool) -> tuple[str | None, list[Record]]:
    """The ``toolResult.status`` of tool message ``message`` (at ``at``; written at ``dst``), and the
    changes to record: its ``is_error`` (the canonical form the codecs share, Anthropic's: ``true`` is
    ``error``, ``false`` ``success``), or a ``status`` it holds under Bedrock's name. Bedrock refuses
    an ``error`` status on ``empty`` content, so there none is written (dropped, recorded)."""
    records: list[Record] = []
    status, source = message.get("status"), f"{at}/status"
    if "status" in message and status != "success" and status != "error":
        records.append(("dropped", source, None, "A toolResult status is success or error."))
        status = None
    if "is_error" in message:
        error = message["is_error"]
        if status is not None or type(error) is not bool:
            reason = "is_error is a boolean." if status is None else "The tool message's status says it."
            records.append(("dropped", f"{at}/is_error", None, reason))
        else:
            status, source = ("error" if error else "success"), f"{at}/is_error"
    if status == "error" and empty:
        records.append(("dropped", source, None, _EMPTY_ERROR))
        return None, records
    if status is not None and source.endswith("/is_error"):
        records.append(("converted", source, dst, "is_error became the toolResult status."))
    return status, records


_EMPTY_ERROR = "Bedrock refuses an error status on a toolResult with empty content."
