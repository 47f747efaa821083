"""polku.core.kept: what the reports keep per process holds only the last few, and makes each once."""

from polku.core.kept import Kept


def test_a_value_is_made_once_for_its_key_and_the_oldest_key_is_given_up_first() -> None:
    made: list[str] = []
    kept: Kept[str] = Kept(2)

    def make(key: str) -> str:
        made.append(key)
        return key.upper()

    assert kept.get_or_make("a", lambda: make("a")) == "A"
    assert kept.get_or_make("a", lambda: make("a")) == "A"
    kept.get_or_make("b", lambda: make("b"))
    kept.get_or_make("c", lambda: make("c"))  # a third key: "a", the oldest, is given up

    assert made == ["a", "b", "c"]
    assert kept.get("a") is None
    assert kept.get("b") == "B"
    assert kept.get("c") == "C"
