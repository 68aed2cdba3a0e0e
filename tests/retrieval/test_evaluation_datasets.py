"""Where `newsdesk eval` finds the shared datasets."""

from retrieval.evaluation import find_datasets


def test_the_datasets_beside_the_checkout_are_found_from_any_directory(
    datasets, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    assert find_datasets() == datasets


def test_the_argument_comes_before_the_environment(tmp_path, monkeypatch):
    given, configured = tmp_path / "given", tmp_path / "configured"
    for folder in (given, configured):
        folder.mkdir()
        (folder / "README.md").write_text("datasets\n", "utf-8")
    monkeypatch.setenv("NEWSDESK_DATASETS", str(configured))
    assert find_datasets() == configured
    assert find_datasets(given) == given
