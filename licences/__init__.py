"""The licence knowledge base: licence terms with sources, model facts, text identification.

Knowledge is data (``licences/data/<key>.yaml``, ``licences/models.yaml``); this package
validates it, answers look-ups and identifies licence texts::

    from licences import load_knowledge_base, identify_licence_text

    kb = load_knowledge_base()
    kb.get("Llama 3.1")                        # -> LicenceEntry for llama3.1
    kb.model_fact("meta-llama/Llama-3.2-11B-Vision-Instruct")
    identify_licence_text(open("LICENSE").read()).key
"""

from licences.identify import TextIdentification, identify_licence_text
from licences.kb import KnowledgeBase
from licences.loader import KnowledgeBaseError, load_knowledge_base
from licences.schema import LicenceEntry, ModelFact, Source

__all__ = [
    "KnowledgeBase",
    "KnowledgeBaseError",
    "LicenceEntry",
    "ModelFact",
    "Source",
    "TextIdentification",
    "identify_licence_text",
    "load_knowledge_base",
]
