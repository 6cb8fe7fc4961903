// Run in the page by test_quick_exit.py: what is wrong with the quick-exit bar's two links here.
// A problem is a control of the page whose box overlaps the Quick exit button or the safety link,
// either link not fully on screen, or something else drawn on top of them.
() => {
  const CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, label, summary, " +
    "[role=button], [role=link], [tabindex]:not([tabindex='-1']), [contenteditable=true]";
  const bar = document.getElementById("crossings-exit-bar");
  const own = ["crossings-quick-exit", "crossings-safety-link"].map((id) => document.getElementById(id));
  const problems = [];
  if (!bar || own.some((element) => !element)) { return ["the quick-exit bar is missing"]; }
  const describe = (element) => {
    const text = (element.textContent || element.getAttribute("aria-label") || "").trim().slice(0, 40);
    return `<${element.tagName.toLowerCase()} class="${element.className.baseVal ?? element.className}">${text}`;
  };
  const onScreen = (box) => box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
  const shown = (element) => {
    const box = element.getBoundingClientRect();
    return box.width >= 1 && box.height >= 1 && onScreen(box) &&
      element.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };
  const meet = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  // Controls scrolled under the bar are hidden by it; those fixed or sticky stay on screen beside it.
  const pinned = (element) => {
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      const position = getComputedStyle(node).position;
      if (position === "fixed" || position === "sticky") { return true; }
    }
    return false;
  };
  const scrolled = document.documentElement.scrollTop > 0;
  for (const mine of own) {
    const box = mine.getBoundingClientRect();
    if (box.left < 0 || box.top < 0 || box.right > innerWidth || box.bottom > innerHeight || box.width < 16) {
      problems.push(`${describe(mine)} is not wholly on screen: ${JSON.stringify(box)}`);
    }
    for (const [x, y] of [[box.left + 2, box.top + 2], [box.right - 2, box.top + 2],
      [box.left + 2, box.bottom - 2], [box.right - 2, box.bottom - 2], [(box.left + box.right) / 2, (box.top + box.bottom) / 2]]) {
      const top = document.elementFromPoint(x, y);
      if (!top || !(top === mine || mine.contains(top) || (mine.id === "crossings-safety-link" && top.closest(".crossings-exit-row")))) {
        problems.push(`${top ? describe(top) : "nothing"} is drawn over ${describe(mine)} at ${x},${y}`);
      }
    }
    for (const other of document.querySelectorAll(CONTROLS)) {
      if (bar.contains(other) || !shown(other)) { continue; }
      if (scrolled && !pinned(other)) { continue; }
      if (meet(box, other.getBoundingClientRect())) {
        problems.push(`${describe(other)} overlaps ${describe(mine)}`);
      }
    }
  }
  return problems;
}
