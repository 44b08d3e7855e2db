"""The size of a story figure, for sentences that say its direction in words.

«Falt med 42 %», not «endret seg med −42 %»: the story's words carry the direction,
so the number is written without its sign. Each figure's ``sign`` (``rik.story.chapters.Figure``)
is the direction the words assume; when the model disagrees, the chapter says so
(``rik.story.chapters.contradictions``).
"""

from __future__ import annotations

from collections.abc import Mapping

from rik.story.chapters import Figure


def sizes(figures: Mapping[str, Figure], lang: str) -> dict[str, str]:
    """``<name>_size``: the unsigned size of every signed percentage among ``figures``."""
    return {
        f"{name}_size": Figure(abs(float(figure.value)), "percent").text(lang)
        for name, figure in figures.items()
        if figure.kind == "signed_percent"
    }


__all__ = ["sizes"]
