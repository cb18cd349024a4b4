// Small mends to Material's markup, for keyboard and screen-reader users, in
// the pages both Material and Zensical build, and the plans' remembered ticks.
// Hand-written because Material has no setting for them; each reads and writes
// only the page itself (the ticks, the browser's storage too), and says which
// problem it mends. Without scripts, Material's markup stays as it
// is and still works by mouse and touch. In a function of its own, as
// Material's inline scripts declare globals (such as "palette").
(() => {
  // The colour toggle shows the label of the current option but never marks
  // that option checked, so a screen reader heard no colours chosen: mark the
  // option whose label is shown, now and whenever Material changes it. Space
  // on the shown option switches, as Enter does (Material handles Enter).
  const palette = document.getElementById("guide-palette")
  if (palette) {
    const markChecked = () => {
      for (const option of palette.querySelectorAll("input")) option.checked = !option.nextElementSibling.hidden
    }
    markChecked()
    new MutationObserver(markChecked).observe(palette, { subtree: true, attributeFilter: ["hidden"] })
    // Each label belongs to its own option (overrides/partials/palette.html):
    // a click on the one shown moves on to the next option, as Material's did,
    // and its icon says so.
    const options = [...palette.querySelectorAll("input")]
    const next = option => options[(options.indexOf(option) + 1) % options.length]
    for (const label of palette.querySelectorAll("label")) {
      Object.assign(label.querySelector("svg") ?? {}, { role: "img", ariaLabel: label.title })
      label.addEventListener("click", event => {
        event.preventDefault()
        next(label.previousElementSibling).click()
      })
    }
    palette.addEventListener("keydown", event => {
      if (event.key !== " " || !event.target.checked) return
      event.preventDefault()
      next(event.target).click()
      next(event.target).focus()
    })
  }

  // Material's search is a dialog with no name (Zensical's has one already),
  // and its notice bar a landmark with none (squidfunk/mkdocs-material#6838).
  document.querySelector(".md-search[role=dialog]:not([aria-label])")?.setAttribute("aria-label", "Search")
  document.querySelector("aside.md-banner:not([aria-label])")?.setAttribute("aria-label", "Notice")
  // Labels that only a pointer uses (the dimmed overlays, the search field's
  // icon, the menu's and the contents' titles) name hidden checkboxes that no
  // one else can reach: they become plain elements that work the same toggle
  // when clicked. Material's stylesheet finds them by class and for= value.
  const pointerOnly = scope => {
    for (const label of scope.querySelectorAll("label:is(.md-overlay, .md-search__overlay, .md-search__icon, .md-nav__title)")) {
      const plain = document.createElement("span")
      for (const { name, value } of label.attributes) plain.setAttribute(name, value)
      plain.setAttribute("aria-hidden", "true")
      plain.append(...label.childNodes)
      plain.addEventListener("click", () => document.getElementById(label.htmlFor)?.click())
      label.replaceWith(plain)
    }
  }
  pointerOnly(document)

  // On narrow screens the menu and search buttons are labels for Material's
  // checkbox toggles, which the keyboard cannot reach (squidfunk/mkdocs-material#4101):
  // each becomes a real button that works the same toggle. The search field,
  // folded away until search opens, leaves the Tab order meanwhile, so that
  // focus does not open the full-screen search by itself. Escape closes the
  // menu and returns to its button. The header stays on instant navigation.
  const drawer = document.getElementById("__drawer")
  const search = document.getElementById("__search")
  const query = document.querySelector(".md-search__input")
  const narrow = matchMedia("(max-width: 59.984375em)")
  const buttons = {}
  // A label for a checkbox toggle becomes a button that works the same toggle.
  const asButton = (label, toggle, name) => {
    const button = Object.assign(document.createElement("button"), { type: "button", className: label.className })
    if (name) button.setAttribute("aria-label", name)
    button.append(...label.childNodes)
    button.addEventListener("click", () => {
      toggle.click()
      if (toggle === search && search.checked) query?.focus()
    })
    label.replaceWith(button)
    return button
  }
  for (const [toggle, name] of [[drawer, "Menu"], [search, "Search"]]) {
    const label = toggle && document.querySelector(`.md-header label.md-header__button[for="${toggle.id}"]`)
    if (!label) continue
    buttons[toggle.id] = asButton(label, toggle, name)
    buttons[toggle.id].classList.add(`guide-button${toggle.id}`)
  }
  const sync = () => {
    buttons.__drawer?.setAttribute("aria-expanded", String(drawer.checked))
    if (query) query.tabIndex = narrow.matches && !search?.checked ? -1 : 0
  }
  for (const target of [drawer, search, narrow]) target?.addEventListener("change", sync)
  sync()
  document.addEventListener("keydown", event => {
    if (event.key !== "Escape" || !drawer?.checked) return
    drawer.click()
    buttons.__drawer?.focus()
  })

  // On each page (instant navigation replaces the content and the menu):
  const mendContent = () => {
    // In the menu, the checkbox that opens the page's contents takes focus
    // itself (extra.css), so it needs a name of its own.
    document.getElementById("__toc")?.setAttribute("aria-label", "Contents of this page")
    pointerOnly(document.querySelector(".md-container"))
    // Material's icons are drawn inline; the control around each has a name.
    for (const icon of document.querySelectorAll("svg:not([role], [aria-hidden])")) icon.setAttribute("aria-hidden", "true")
    // A heading's ¶ link made every heading's name end in "Link to this
    // section": mouse users keep it; the table of contents serves the rest.
    for (const link of document.querySelectorAll(".md-typeset .headerlink")) {
      link.setAttribute("aria-hidden", "true")
      link.tabIndex = -1
    }
    // Each way back from a footnote says which citation it returns to.
    for (const note of document.querySelectorAll(".footnote li[id]")) {
      const links = note.querySelectorAll("a.footnote-backref")
      const number = [...note.parentElement.children].indexOf(note) + 1
      links.forEach((link, n) => link.setAttribute("aria-label", `Back to citation ${number} in the text` +
        (links.length > 1 ? `, use ${n + 1} of ${links.length}` : "")))
    }
    // A table takes its name from the caption shown with it.
    for (const table of document.querySelectorAll(".md-typeset figure > table")) {
      const caption = table.parentElement.querySelector(":scope > figcaption")
      if (!caption) continue
      caption.id ||= `caption-${[...document.querySelectorAll("figure > table")].indexOf(table) + 1}`
      table.setAttribute("aria-labelledby", caption.id)
    }
  }
  document$.subscribe(mendContent)

  // The plans' tick boxes (tools/plans.py): this browser keeps them for each plan
  // page, on this device only, in its local storage. Their form's reset button,
  // "Clear the ticks", works without this script; with it, it asks first, and
  // forgets them too. Hand-written because Material has no setting for it.
  const keepTicks = () => {
    const form = document.getElementById("ticks")
    if (!form) return
    const key = `guide-ticks:${location.pathname}`
    const boxes = [...form.elements].filter(box => box.type === "checkbox")
    const store = action => {
      try { return action() } catch { return null } // storage off, or full: the ticks still work on the page
    }
    const kept = new Set(store(() => JSON.parse(localStorage.getItem(key) ?? "[]")) ?? [])
    for (const box of boxes) {
      box.checked = kept.has(box.name)
      box.addEventListener("change", () => store(() =>
        localStorage.setItem(key, JSON.stringify(boxes.filter(other => other.checked).map(other => other.name)))))
    }
    form.addEventListener("reset", event => {
      if (!confirm("Clear every tick on this plan?")) return event.preventDefault()
      store(() => localStorage.removeItem(key))
    })
  }
  document$.subscribe(keepTicks)
})()
