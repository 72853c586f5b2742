"""How the site writes a date at its precision and a figure with its qualifier and unit.

Models, templates (through the ``directory`` template tags) and the admin all
format through these functions, so a fact reads the same everywhere.
"""

from .choices import DatePrecision, Qualifier, Unit


def format_date(value, precision):
    """Show a date no more precisely than it is known."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.QUARTER:
        return f"Q{(value.month - 1) // 3 + 1} {value.year}"
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    if precision == DatePrecision.APPROXIMATE:
        return f"about {value.year}"
    return f"{value.day} {value.strftime('%B %Y')}"


def format_number(value):
    """1234567.0000 -> '1,234,567'; 13.7860 -> '13.786'."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def format_figure(value, unit, qualifier=Qualifier.EXACT, value_max=None):
    """A value with its qualifier and unit, as a reader would say it: 'about 300', '5,000 m²', '1–2 CNY'."""
    number = format_number(value)
    if value_max is not None:
        number = f"{number}–{format_number(value_max)}"
    if unit == Unit.PERCENT:
        text = f"{number}%"
    elif unit == Unit.SQUARE_METRE:
        text = f"{number} m²"
    elif unit in (Unit.CNY, Unit.USD):
        text = f"{number} {unit}"
    elif unit == Unit.RATIO:
        text = f"{number} : 1"
    elif unit == Unit.RANK:
        text = f"No. {number}"
    else:
        text = number
    if qualifier in (Qualifier.EXACT, Qualifier.RANGE):
        return text
    return f"{Qualifier(qualifier).label} {text}"


def format_paragraphs(numbers):
    """[1, 3, 4, 5] -> '¶ 1, 3–5'; '' for none."""
    if not numbers:
        return ""
    runs, start = [], None
    for index, number in enumerate(numbers):
        if start is None:
            start = number
        if index + 1 == len(numbers) or numbers[index + 1] != number + 1:
            runs.append(str(start) if start == number else f"{start}–{number}")
            start = None
    return "¶ " + ", ".join(runs)


def format_distance(km):
    """A distance as far as it is meaningful: points are often a district's centre, so no metres.
    0.42 -> 'under 1 km'; 3.46 -> '3.5 km'; 127.8 -> '128 km'."""
    if km is None:
        return ""
    if km < 1:
        return "under 1 km"
    if km < 10:
        return f"{km:.1f} km"
    return f"{round(km):,} km"
