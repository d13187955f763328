"""The working-day calendar: statutory rules from dangbo.rules plus the days an administrator announced."""

from dangbo.rules.calendar import WorkingCalendar

from .models import CalendarDay


def load_calendar() -> WorkingCalendar:
    off, makeup = [], []
    for d in CalendarDay.objects.all():
        (makeup if d.kind == CalendarDay.Kind.MAKEUP_WORKDAY else off).append(d.date)
    return WorkingCalendar(extra_days_off=off, makeup_workdays=makeup)
