// Small mends to Material's markup that both Material and Zensical build; each
// says why. Hand-written because Material has no setting for them, and each
// reads and writes only the page itself. In a function of its own, as
// Material's inline scripts declare globals (such as "palette").
(() => {
  // The colour toggle shows the label of the current option but never marks
  // that option checked, so a screen reader heard no colours chosen: mark the
  // option whose label is shown, now and whenever Material changes it.
  const palette = document.getElementById("guide-palette")
  const markChecked = () => {
    for (const option of palette.querySelectorAll("input")) option.checked = !option.nextElementSibling.hidden
  }
  markChecked()
  new MutationObserver(markChecked).observe(palette, { subtree: true, attributeFilter: ["hidden"] })

  // Material's search is a dialog with no name (Zensical's has one already).
  document.querySelector(".md-search[role=dialog]:not([aria-label])")?.setAttribute("aria-label", "Search")
})()
