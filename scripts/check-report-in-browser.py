#!/usr/bin/env python3
"""Checks `xi report` in a real browser: Debian's headless Chromium loads the page, its DOM must hold
a section per goal and the charts, and a screenshot must show a rendered page (not a blank one).

    scripts/check-report-in-browser.py [WORKSPACE] [--out DIR]

WORKSPACE defaults to a copy of the bundled example, run first. CI installs `chromium` and runs this.
"""
import argparse, os, re, shutil, struct, subprocess, sys, tempfile, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("no Chromium found: install Debian's package (apt-get install chromium)")


def png_pixels(path):
    """(width, height, rows) of an 8-bit RGB or RGBA PNG, rows as raw bytes after unfiltering."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour = header[0], header[1], header[2], header[3]
    assert depth == 8 and colour in (2, 6), f"unexpected PNG format (depth {depth}, colour type {colour})"
    size = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * size
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - size] if x >= size else 0
            up = previous[x]
            corner = previous[x - size] if x >= size else 0
            if kind == 1: line[x] = (line[x] + left) & 255
            elif kind == 2: line[x] = (line[x] + up) & 255
            elif kind == 3: line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows, size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspace", nargs="?")
    parser.add_argument("--out", default=None, help="keep report.html and report.png here")
    arguments = parser.parse_args()
    xi = os.path.join(ROOT, ".build", "debug", "xi")
    if not os.path.exists(xi):
        subprocess.run(["swift", "build", "--product", "xi"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="xi-report-")
    workspace = arguments.workspace
    if workspace is None:
        workspace = os.path.join(work, "example")
        os.makedirs(workspace)
        for name in ("xi.yaml", "Goals", "Audiences", "Examples"):
            source = os.path.join(ROOT, name)
            (shutil.copytree if os.path.isdir(source) else shutil.copy)(source, os.path.join(workspace, name))
        subprocess.run([xi, "run", workspace, "--quiet"], check=True, stdout=subprocess.DEVNULL)
    out = arguments.out or work
    os.makedirs(out, exist_ok=True)
    page, shot = os.path.join(out, "report.html"), os.path.join(out, "report.png")
    subprocess.run([xi, "report", workspace, "--out", page], check=True)
    browser = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,2400"]
    dom = subprocess.run(browser + ["--dump-dom", "file://" + page], capture_output=True, text=True, timeout=120).stdout
    goals = re.findall(r'<section class="goal" id="goal-([^"]+)">', dom)
    charts = dom.count("<svg")
    print(f"browser DOM: {len(goals)} goal sections, {charts} charts, {len(dom) // 1024} KB")
    if len(goals) == 0 or charts == 0:
        sys.exit("the browser's DOM lacks the goal sections or the charts")
    subprocess.run(browser + ["--screenshot=" + shot, "file://" + page], check=True, capture_output=True, timeout=120)
    width, height, rows, size = png_pixels(shot)
    colours = set()
    inked = 0
    for row in rows[::8]:
        distinct = {row[x:x + 3] for x in range(0, len(row), size * 4)}
        colours |= distinct
        inked += len(distinct) > 1
    print(f"screenshot {shot}: {width}×{height}, {len(colours)} colours sampled, {inked} of {len(rows[::8])} sampled rows with content")
    if len(colours) < 8 or inked < len(rows[::8]) // 4:
        sys.exit("the screenshot looks blank: the page did not render")
    print("report renders in Chromium")


if __name__ == "__main__":
    main()
