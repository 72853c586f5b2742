"""How the site writes a date at its precision and a figure with its qualifier and unit, in English and in
Chinese.

Models, templates (through the ``directory`` template tags) and the admin all format through these
functions, in the language active for the request, so a fact reads the same everywhere:

- English: "July 2016", "Q3 2017", "about 2015"; "18.7 billion CNY", "about 300", "over 20".
- Chinese: "2016年7月", "2017年第三季度", "约2015年"; "187亿元", "约300人", "超过20名".

Large figures are written with the words each language counts in: millions and billions in English,
万 (10⁴) and 亿 (10⁸) in Chinese, whenever that is exact in a few digits.
"""

from decimal import Decimal

from django.utils import translation

from .choices import DatePrecision, Qualifier, Unit

ENGLISH_MONTHS = ("January February March April May June July August September October November December").split()
CHINESE_QUARTERS = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}

# (size, word): a figure this large is written as a number of these, when at most MAX_DECIMALS are needed.
ENGLISH_LARGE = ((Decimal(10) ** 9, " billion"), (Decimal(10) ** 6, " million"))
CHINESE_LARGE = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))
MAX_DECIMALS = 3

CHINESE_QUALIFIERS = {
    Qualifier.ABOUT: "约",
    Qualifier.AT_LEAST: "至少",
    Qualifier.OVER: "超过",
    Qualifier.NEARLY: "近",
    Qualifier.UP_TO: "最多",
}
ENGLISH_QUALIFIERS = {
    Qualifier.ABOUT: "about",
    Qualifier.AT_LEAST: "at least",
    Qualifier.OVER: "over",
    Qualifier.NEARLY: "nearly",
    Qualifier.UP_TO: "up to",
}


def in_chinese():
    """Whether the request is being answered in Chinese."""
    return (translation.get_language() or "").startswith("zh")


def format_date(value, precision):
    """Show a date no more precisely than it is known."""
    if value is None:
        return ""
    if in_chinese():
        return _chinese_date(value, precision)
    month = ENGLISH_MONTHS[value.month - 1]
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.QUARTER:
        return f"Q{quarter(value)} {value.year}"
    if precision == DatePrecision.MONTH:
        return f"{month} {value.year}"
    if precision == DatePrecision.APPROXIMATE:
        return f"about {value.year}"
    return f"{value.day} {month} {value.year}"


def _chinese_date(value, precision):
    if precision == DatePrecision.YEAR:
        return f"{value.year}年"
    if precision == DatePrecision.QUARTER:
        return f"{value.year}年{CHINESE_QUARTERS[quarter(value)]}"
    if precision == DatePrecision.MONTH:
        return f"{value.year}年{value.month}月"
    if precision == DatePrecision.APPROXIMATE:
        return f"约{value.year}年"
    return f"{value.year}年{value.month}月{value.day}日"


def quarter(value):
    return (value.month - 1) // 3 + 1


def _plain(value):
    """1234567.0000 -> '1,234,567'; 13.7860 -> '13.786'."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _exact_in(value, size):
    """``value`` as a number of ``size``, if that takes at most MAX_DECIMALS decimals; else None."""
    scaled = (value / size).normalize()
    if abs(value) >= size and -scaled.as_tuple().exponent <= MAX_DECIMALS:
        return scaled
    return None


def format_number(value, large=True):
    """A number as a reader of the current language reads it: '18.7 billion' or '187亿', '52,000' or '5.2万'.

    With ``large`` off, digits only ('18,700,000,000'), for tables that compare figures by their digits.
    """
    value = Decimal(value)
    if large:
        for size, word in CHINESE_LARGE if in_chinese() else ENGLISH_LARGE:
            if (scaled := _exact_in(value, size)) is not None:
                return f"{_plain(scaled)}{word}"
    return _plain(value)


def format_figure(value, unit, qualifier=Qualifier.EXACT, value_max=None, measure_word=""):
    """A value with its qualifier and unit, as a reader would say it: 'about 300', '5,000 m²', '1–2 CNY';
    in Chinese '约300人' (``measure_word`` names what a count counts: 人, 名, 家), '5,000平方米', '1–2元'."""
    number = format_number(value)
    if value_max is not None:
        number = f"{number}–{format_number(value_max)}"
    if in_chinese():
        return CHINESE_QUALIFIERS.get(qualifier, "") + _chinese_unit(number, unit, measure_word)
    text = _english_unit(number, unit)
    if qualifier in ENGLISH_QUALIFIERS:
        return f"{ENGLISH_QUALIFIERS[qualifier]} {text}"
    return text


def _english_unit(number, unit):
    if unit == Unit.PERCENT:
        return f"{number}%"
    if unit == Unit.SQUARE_METRE:
        return f"{number} m²"
    if unit in (Unit.CNY, Unit.USD):
        return f"{number} {unit}"
    if unit == Unit.RATIO:
        return f"{number} : 1"
    if unit == Unit.RANK:
        return f"No. {number}"
    return number


def _chinese_unit(number, unit, measure_word):
    if unit == Unit.PERCENT:
        return f"{number}%"
    if unit == Unit.SQUARE_METRE:
        return f"{number}平方米"
    if unit == Unit.CNY:
        return f"{number}元"
    if unit == Unit.USD:
        return f"{number}美元"
    if unit == Unit.RATIO:
        return f"{number}:1"
    if unit == Unit.RANK:
        return f"第{number}名"
    return f"{number}{measure_word}"


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
    chinese = in_chinese()
    if km < 1:
        return "不到1公里" if chinese else "under 1 km"
    number = f"{km:.1f}" if km < 10 else f"{round(km):,}"
    return f"{number}公里" if chinese else f"{number} km"
