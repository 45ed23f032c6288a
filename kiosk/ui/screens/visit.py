"""The screens of a visit: check in (today's appointment or a department), the queue ticket,
and the itinerary of a returning patient with its "Pay now".

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.money import format_yuan
from kiosk.flow.models import DepartmentView
from kiosk.flow.session import (
    Back,
    ChooseAppointment,
    ChooseDepartment,
    ConfirmCheckIn,
    Finish,
    SessionView,
    ShowBill,
)
from kiosk.qt.widgets import button, label, panel
from kiosk.ui.screens.region import region_words
from kiosk.ui.widgets import (
    Screen,
    department_name,
    location_text,
    queue_text,
    sorted_departments,
    wait_text,
)


def scroll_area() -> tuple[QScrollArea, QVBoxLayout]:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    body = QWidget()
    body.setObjectName("scrollBody")
    layout = QVBoxLayout(body)
    layout.setContentsMargins(0, 0, 8, 0)
    layout.setSpacing(16)
    area.setWidget(body)
    # Transparent: the window's background shows through (setWidget() turned filling on).
    body.setAutoFillBackground(False)
    area.viewport().setAutoFillBackground(False)
    return area, layout


def clear_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()  # deleted later, but must not show until then
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


class CheckInScreen(Screen):
    """Today's appointment on top as one big button, then a grid of departments; choosing a
    department shows "Check in to X? [Confirm] [Back]"."""

    def build(self) -> None:
        self.pages = QStackedWidget()
        # page 0: choose
        choose = QWidget()
        choose_box = QVBoxLayout(choose)
        choose_box.setContentsMargins(0, 0, 0, 0)
        choose_box.setSpacing(20)
        self.title = label("title")
        self.outcome = label("good")
        self.appointments_box = QVBoxLayout()
        self.appointments_box.setSpacing(16)
        self.choose_label = label("big")
        self.area, area_box = scroll_area()
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        area_box.addLayout(self.grid)
        area_box.addStretch(1)
        self.finish = button()
        self.finish.clicked.connect(lambda: self.emit_intent(Finish()))
        choose_box.addWidget(self.title)
        choose_box.addWidget(self.outcome)
        self.region = label("notice")  # insured elsewhere: what it means here
        self.region.setObjectName("regionNote")
        choose_box.addWidget(self.region)
        choose_box.addLayout(self.appointments_box)
        choose_box.addWidget(self.choose_label)
        choose_box.addWidget(self.area, 1)
        # page 1: confirm
        confirm = QWidget()
        confirm_box = QVBoxLayout(confirm)
        confirm_box.setContentsMargins(0, 0, 0, 0)
        confirm_box.setSpacing(24)
        confirm_box.addStretch(1)
        self.confirm_frame, frame_box = panel()
        self.confirm_question = label("title")
        self.confirm_where = label("big")
        self.confirm_wait = label()
        for widget in (self.confirm_question, self.confirm_where, self.confirm_wait):
            frame_box.addWidget(widget)
        self.back = button()
        self.back.clicked.connect(lambda: self.emit_intent(Back()))
        self.confirm = button("primary")
        self.confirm.clicked.connect(lambda: self.emit_intent(ConfirmCheckIn()))
        confirm_box.addWidget(self.confirm_frame)
        confirm_box.addStretch(1)
        # Both pages' buttons live in the one action bar; each page shows its own.
        self.set_actions(leave=(self.finish, self.back), forward=(self.confirm,))
        self.pages.addWidget(choose)
        self.pages.addWidget(confirm)
        self.outer.addWidget(self.pages, 1)
        self.tiles: dict[str, QPushButton] = {}
        self.appointment_buttons: dict[int, QPushButton] = {}
        self._columns = 0

    def translate_fixed(self) -> None:
        self.title.setText(self.tr("Where would you like to check in?"))
        self.choose_label.setText(self.tr("Choose a department:"))
        self.finish.setText(self.tr("Finish"))
        self.back.setText(self.tr("Back"))
        self.confirm.setText(self.tr("Confirm"))

    def render(self, view: SessionView) -> None:
        elig = view.eligibility
        region = region_words(view)
        self.region.setText(region)
        self.region.setVisible(bool(region))
        credit = elig.available_credit_fen if elig else None
        self.outcome.setText(
            self.tr("You can see the doctor first and pay once at the end. Credit available: "
                    "{amount}").format(amount=format_yuan(credit)) if credit is not None
            else self.tr("You can see the doctor first and pay once at the end."))
        clear_layout(self.appointments_box)
        self.appointment_buttons = {}
        appointments = view.eligibility.appointments if view.eligibility else ()
        for appt in appointments:
            big = button("appointment")
            big.setText(self.tr("Today's appointment: {time} {department}\nTap here to check "
                                "in").format(time=appt.time,
                                             department=department_name(appt.department)))
            big.clicked.connect(
                lambda _=False, i=appt.appointment_id: self.emit_intent(ChooseAppointment(i)))
            self.appointments_box.addWidget(big)
            self.appointment_buttons[appt.appointment_id] = big
        self.choose_label.setText(self.tr("Or choose a department:") if appointments
                                  else self.tr("Choose a department:"))
        # A department's tile is kept from one render to the next and only updated: making
        # and styling every tile again on each render cost more than the rest of the screen.
        wanted = {dept.code for dept in view.departments}
        for code in [code for code in self.tiles if code not in wanted]:
            tile = self.tiles.pop(code)
            self.grid.removeWidget(tile)
            tile.hide()
            tile.deleteLater()
        tiles: dict[str, QPushButton] = {}
        for dept in sorted_departments(view.departments):
            tile = self.tiles.get(dept.code)
            if tile is None:
                tile = button("tile")
                tile.setParent(self.area.widget())  # styled now, so its size hint is true
                tile.clicked.connect(
                    lambda _=False, c=dept.code: self.emit_intent(ChooseDepartment(c)))
            tile.setText(self._tile_text(dept))
            tile.ensurePolished()
            tile.setMinimumHeight(tile.sizeHint().height())  # scrolled, never squeezed
            tile.setProperty("allowed", dept.is_open)  # read by Screen.set_busy
            tile.setEnabled(dept.is_open)
            tiles[dept.code] = tile
        if list(tiles) != list(self.tiles):  # new, gone or reordered: lay the grid out again
            self._columns = 0
        self.tiles = tiles
        self._place_tiles()
        selected = view.selected_department
        if selected is not None:
            self.confirm_question.setText(
                self.tr("Check in to {department}?").format(department=department_name(selected)))
            self.confirm_where.setText(location_text(selected))
            self.confirm_wait.setText(wait_text(selected.estimated_wait_minutes))
            self.pages.setCurrentIndex(1)
        else:
            self.pages.setCurrentIndex(0)
        confirming = selected is not None
        for widget, shown in ((self.finish, not confirming), (self.back, confirming),
                              (self.confirm, confirming)):
            widget.setVisible(shown)
            widget.setProperty("allowed", shown)

    def _tile_text(self, dept: DepartmentView) -> str:
        if not dept.is_open:
            closed = self.tr("Closed now")
            return f"{department_name(dept)}\n{closed}"
        return "\n".join((department_name(dept), location_text(dept),
                          wait_text(dept.estimated_wait_minutes)))

    def _place_tiles(self) -> None:
        if not self.tiles:
            return
        widest = max(tile.sizeHint().width() for tile in self.tiles.values())
        margins = self.shell.contentsMargins()
        scroll_bar = 48  # the scroll bar and its gap, so tiles never hide under it
        available = max(1, self.width() - margins.left() - margins.right() - scroll_bar)
        most = 2 if self.height() >= self.width() else 3  # bigger tiles on a tall screen
        columns = max(1, min(most, available // (widest + self.grid.spacing())))
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, index // columns, index % columns)
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # Tiles are placed again only if the columns change: a resize also comes each time
        # the screen is shown, and re-adding every tile would lay the grid out again.
        self._place_tiles()


class TicketScreen(Screen):
    """The queue ticket: big number, department, where, estimated wait, "Done"."""

    def build(self) -> None:
        self.title = label("title", center=True)
        self.frame, box = panel()
        self.number_caption = label("big", center=True)
        self.number = label("huge", center=True)
        self.department = label("title", center=True)
        self.where = label("big", center=True)
        self.wait = label(center=True)
        for widget in (self.number_caption, self.number, self.department, self.where,
                       self.wait):
            box.addWidget(widget)
        self.hint = label("muted", center=True)
        self.done = button("primary")
        self.done.clicked.connect(lambda: self.emit_intent(Finish()))
        self.outer.addStretch(1)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.frame)
        self.outer.addWidget(self.hint)
        self.outer.addStretch(1)
        self.set_actions(leave=(self.done,))  # never where "confirm" was

    def translate_fixed(self) -> None:
        self.number_caption.setText(self.tr("Your number"))
        self.hint.setText(self.tr("Please go there and wait until your number is called."))
        self.done.setText(self.tr("Done"))

    def render(self, view: SessionView) -> None:
        ticket = view.ticket
        if ticket is None:
            return
        self.title.setText(self.tr("You are already checked in") if ticket.already_checked_in
                           else self.tr("You are checked in"))
        self.number.setText(str(ticket.ticket_number))
        self.department.setText(department_name(ticket.department))
        self.where.setText(location_text(ticket.department))
        self.wait.setText(wait_text(ticket.department.estimated_wait_minutes))


class ItineraryScreen(Screen):
    """A returning patient's next stops, in the backend's order, with "Pay now" and "Done"."""

    def build(self) -> None:
        self.title = label("title")
        self.area, self.stops_box = scroll_area()
        self.total = label("big")
        self.pay = button("pay")
        self.pay.clicked.connect(lambda: self.emit_intent(ShowBill()))
        self.done = button()
        self.done.clicked.connect(lambda: self.emit_intent(Finish()))
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.area, 1)
        self.outer.addWidget(self.total)
        self.set_actions(leave=(self.done,), forward=(self.pay,))
        self.stop_widgets: list[QWidget] = []

    def translate_fixed(self) -> None:
        self.title.setText(self.tr("Your next stops"))
        self.pay.setText(self.tr("Pay now"))
        self.done.setText(self.tr("Done"))

    def render(self, view: SessionView) -> None:
        clear_layout(self.stops_box)
        self.stop_widgets = []
        itinerary = view.itinerary
        stops = itinerary.stops if itinerary else ()
        if not stops:
            empty = label("big")
            empty.setText(self.tr("You have no more stops. You can pay now."))
            self.stops_box.addWidget(empty)
            self.stop_widgets.append(empty)
        for number, stop in enumerate(stops, start=1):
            frame, box = panel()
            head = label("big")
            head.setText(f"{number}. {department_name(stop.department)}")
            where = label()
            where.setText(location_text(stop.department))
            wait = label()
            wait.setText(self.tr("{queue} · walk about {walk} min").format(
                queue=queue_text(stop.expected_wait_minutes, stop.queue_length),
                walk=stop.walk_minutes))
            box.addWidget(head)
            box.addWidget(where)
            box.addWidget(wait)
            if stop.items:
                items = label("muted")
                joined = self.tr(", ").join(stop.items)
                items.setText(self.tr("For: {items}").format(items=joined))
                box.addWidget(items)
            self.stops_box.addWidget(frame)
            self.stop_widgets.append(frame)
        self.stops_box.addStretch(1)
        minutes = itinerary.total_expected_minutes if itinerary else 0
        self.total.setVisible(bool(stops))
        self.total.setText(self.tr("About {minutes} min in total").format(minutes=minutes))
