"""Renders results as one Markdown table (pasted as is into bench/README.md),
with ratios beside the absolutes and a numbered note per section saying how
each figure was measured."""
import re

COLS = ("host", "linux", "native")
NA_WIDTH = 48  # the JSON keeps full reasons; the table keeps lines readable


def num(v):
    """The number a cell stands for (median of a summary), or None."""
    if isinstance(v, dict) and "median" in v:
        return v["median"]
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, str):
        m = re.fullmatch(r"(?:<=)?(\d+)M", v)
        return int(m.group(1)) if m else None
    return None


def _bytes(b):
    for unit, k in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if abs(b) >= k:
            return f"{b / k:.1f} {unit}"
    return f"{b:.0f} B"


def _fmt_num(x, unit):
    if unit == "ms":
        return f"{x * 1000:.0f}" if x >= 0.1 else f"{x * 1000:.1f}"
    if unit == "bytes":
        return _bytes(x)
    if unit == "x":
        return f"{x:.2f}x"
    return (f"{x:.0f}" if abs(x) >= 100 else f"{x:.1f}" if abs(x) >= 10
            else f"{x:.2f}" if abs(x) >= 1 else f"{x:.3g}")


def fmt(v, unit):
    if isinstance(v, dict) and "median" in v:
        return f"{_fmt_num(v['median'], unit)} [{_fmt_num(v['min'], unit)}..{_fmt_num(v['max'], unit)}]"
    if isinstance(v, (int, float)):
        return _fmt_num(v, unit)
    s = str(v)
    return s if len(s) <= NA_WIDTH else s[:NA_WIDTH - 2] + "…)"


def ratio(a, b):
    a, b = num(a), num(b)
    if a is None or b is None or b == 0:
        return "-"
    r = a / b
    return f"{r:.0f}x" if r >= 100 else f"{r:.1f}x" if r >= 10 else f"{r:.3g}x"


def render(sections):
    """sections: [(title, unit, how, {row: {col: value}})]."""
    head = ["metric", *COLS, "linux/host", "native/linux"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    notes = []
    for i, (title, unit, how, rows) in enumerate(sections, 1):
        notes.append(f"[{i}] {title}: " + " ".join(how.split()))
        lines.append(f"| **{title}** [{i}] |" + " |" * (len(head) - 1))
        for name, cells in rows.items():
            u = "bytes" if "(bytes)" in name else "x" if "(ratio)" in name else unit  # rows may carry their own unit
            vals = [fmt(cells.get(c, "-"), u) for c in COLS]
            lines.append("| " + " | ".join([name, *vals, ratio(cells.get("linux"), cells.get("host")),
                                             ratio(cells.get("native"), cells.get("linux"))]) + " |")
    return "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n"
