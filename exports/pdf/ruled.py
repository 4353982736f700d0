"""Ruled lines for handwriting, as on the agenda's notes and the feedback form's comment."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from exports.pdf.styles import CONTENT_WIDTH, RULE


class RuledLines(Flowable):
    """A heading and ruled lines down to the foot of the page, for handwriting.

    It takes all the height left in the frame, or moves to the next page when fewer than
    ``at_least`` lines would fit. The lines are as wide as the tables, which take the whole
    content width.
    """

    def __init__(self, heading: Paragraph, spacing: float, at_least: int) -> None:
        super().__init__()
        self.heading = heading
        self.spacing = spacing
        self.at_least = at_least
        self.heading_height = 0.0  # with the space above and below it
        self.paragraph_height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _width, self.paragraph_height = self.heading.wrap(availWidth, availHeight)
        self.heading_height = self.paragraph_height + self.heading.getSpaceBefore() + self.heading.getSpaceAfter()
        least = self.heading_height + self.at_least * self.spacing
        self.width = availWidth
        self.height = max(least, availHeight - 1)  # a point short of the frame, against rounding
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        self.heading.drawOn(canvas, 0, self.height - self.heading.getSpaceBefore() - self.paragraph_height)
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        left = (self.width - CONTENT_WIDTH) / 2
        y = self.height - self.heading_height - self.spacing
        while y >= 0:
            canvas.line(left, y, left + CONTENT_WIDTH, y)
            y -= self.spacing
        canvas.restoreState()
