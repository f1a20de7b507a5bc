"""Discovery on the labelled corpus: precision and recall at the published aims, and each
label's near misses left out (the corpus is tests/fixtures/discovery, labels.yaml its truth)."""

from __future__ import annotations

from pathlib import Path

from corpus import found_labels, prepare

from audit.discover import discover

AIM = 0.95


def test_precision_and_recall_on_the_corpus(tmp_path: Path) -> None:
    corpus = prepare(tmp_path)
    result = discover(list(corpus.roots), hf_cache=corpus.cache)
    found = found_labels(corpus, result.references)
    true_positives = found & corpus.truth
    precision = len(true_positives) / len(found)
    recall = len(true_positives) / len(corpus.truth)
    assert precision >= AIM, sorted(found - corpus.truth)
    assert recall >= AIM, sorted(corpus.truth - found)
    # the one known miss: a model named only in a YAML file the code reads at run time
    assert sorted(corpus.truth - found) == [
        ("batch-jobs/config/jobs.yaml", 3, "dslim/bert-base-NER")
    ]


def test_gitignored_files_and_readmes_are_not_read(tmp_path: Path) -> None:
    corpus = prepare(tmp_path)
    result = discover(list(corpus.roots))
    files = {r.evidence.path.rsplit("/", 1)[-1] for r in result.references}
    assert "try_llama.py" not in files and "README.md" not in files
    assert not any("Llama-3.2-1B" in r.model for r in result.references)
