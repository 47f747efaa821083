"""polku.core.kept: what the reports keep per process holds only the last few, and makes each once."""

from polku.core.kept import Kept, made_for


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


class Report:
    """Stands for a report kept elsewhere, whose rendered page part is kept by made_for."""


def test_a_part_made_for_an_owner_is_used_only_for_that_same_owner() -> None:
    kept: Kept[tuple[object, str]] = Kept(4)
    made: list[str] = []

    def render(text: str) -> str:
        made.append(text)
        return text

    report = Report()
    assert made_for(kept, report, ("fi",), lambda: render("first")) == "first"
    assert made_for(kept, report, ("fi",), lambda: render("again")) == "first"  # the same owner and key
    assert made_for(kept, report, ("sv",), lambda: render("swedish")) == "swedish"  # another key
    # Another object that has the same id (as an object made after the first is gone may have): made anew.
    impostor = Report()
    kept.put((id(impostor), ("fi",)), (report, "first"))
    assert made_for(kept, impostor, ("fi",), lambda: render("its own")) == "its own"
    assert made == ["first", "swedish", "its own"]
