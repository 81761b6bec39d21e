"""Amazon Bedrock Converse (``POST /model/{modelId}/converse``, ``/converse-stream``), both ways.

Source: botocore's ``bedrock-runtime`` service model (2023-09-30; botocore 1.43.67), shapes
``ConverseRequest``, ``Message``, ``ContentBlock``, ``InferenceConfiguration``, ``ToolConfiguration`` and
the rest, as collected in ``vendors/bedrock_converse.md``. The payload is the HTTP body in the
service's lowerCamelCase; the model id is in the URL (percent-encoded) and streaming is another
operation. ``temperature`` and ``topP`` are 0..1 (temperature clamped); ``stopSequences`` is a list;
``serviceTier.type`` is default, flex, priority or reserved; ``outputConfig.effort`` takes low..max.
Members with no canonical counterpart (``guardrailConfig``, ``performanceConfig``, ``promptVariables``,
``additionalModelRequestFields``, ``additionalModelResponseFieldPaths``) are kept under canonical
names for ``bedrock`` alone. The request's structure is the codec's (``bedrock_codec``).
"""

from chatdialect._dialects.base import Dialect, carries
from chatdialect._dialects.bedrock_codec import BedrockCodec
from chatdialect._dialects.bedrock_families import FamilyField
from chatdialect._dialects.shapes import OPENAI_TOOL_NAMES
from chatdialect._rules.containers import ItemTypes, ListOnly, MaxItems, ObjectTypes, StringValues
from chatdialect._rules.fields import OneOf, Range, Rename, ValueMap
from chatdialect._rules.request import ModelRequired

TIERS = {"auto": "default", "default": "default", "flex": "flex", "priority": "priority"}
TIERS["reserved"] = "reserved"
"""``serviceTier.type`` values; OpenAI's ``auto`` (the project's default tier) is written as ``default``."""

DIALECT = Dialect(
    name="bedrock",
    title="Amazon Bedrock Converse",
    source="Bedrock Runtime Converse, ConverseRequest (botocore bedrock-runtime 2023-09-30 service model)",
    endpoint="/model/{model}/converse",
    stream_endpoint="/model/{model}/converse-stream",
    quote_model=True,
    fields=carries(
        "top_p", "max_completion_tokens", "stream",
        top_k=FamilyField(),
        thinking=FamilyField(),
        temperature=Range(0, 1),
        stop=(ListOnly(), MaxItems(2500)),
        tools=(OPENAI_TOOL_NAMES, ItemTypes("function", "bedrock")),  # toolSpec.name: 1-64 of [a-zA-Z0-9_-]
        tool_choice=ObjectTypes("function"),
        metadata=StringValues(),
        service_tier=ValueMap(TIERS),
        reasoning_effort=OneOf("low", "medium", "high", "xhigh", "max"),
        response_format=ObjectTypes("json_schema"),
        guardrail_config=Rename("guardrailConfig"),
        performance_config=Rename("performanceConfig"),
        prompt_variables=Rename("promptVariables"),
        additional_model_request_fields=Rename("additionalModelRequestFields"),
        additional_model_response_field_paths=Rename("additionalModelResponseFieldPaths"),
    ),
    rules=(ModelRequired(),),
    codec=BedrockCodec(),
)
