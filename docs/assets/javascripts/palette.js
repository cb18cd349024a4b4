// The light and dark toggle. Hand-written in place of Material's palette
// component, which restyles the whole page three times as it starts, even when
// the colours are already right: on a slow phone, that delays the page's answer
// to a first tap. This one restyles the page only when the colours change. It keeps Material's toggle markup and the choice Material stores
// ("__palette"), which Material's script in each page applies before the first
// paint. Until the reader chooses, the page follows their light or dark setting
// (overrides/main.html), also when it changes. Loaded before Material's bundle
// (overrides/main.html), so the bundle finds no palette of its own to set up.
(() => {
  const form = document.querySelector("[data-md-component=palette]")
  form.removeAttribute("data-md-component")
  const options = [...form.querySelectorAll("input")]
  const header = document.querySelector("[data-md-component=header]")
  const themeColor = document.head.appendChild(document.createElement("meta"))
  themeColor.name = "theme-color"

  const current = () =>
    options.find(option => option.dataset.mdColorMedia === document.body.dataset.mdColorMedia) ?? options[0]

  // Each option's label switches to the next option, so only the current one's is shown.
  const show = option => {
    for (const other of options) other.nextElementSibling.hidden = other !== option
    themeColor.content = getComputedStyle(header).backgroundColor
  }

  // palette.css turns transitions off while the body is marked as switching;
  // reading the header's colour applies the new colours before the mark goes.
  const choose = option => {
    document.body.setAttribute("data-md-color-switching", "")
    Object.assign(document.body.dataset, option.dataset)
    show(option)
    document.body.removeAttribute("data-md-color-switching")
  }

  show(current())
  form.addEventListener("change", ({ target }) => {
    choose(target)
    const { mdColorMedia: media, mdColorScheme: scheme, mdColorPrimary: primary, mdColorAccent: accent } = target.dataset
    __md_set("__palette", { index: options.indexOf(target), color: { media, scheme, primary, accent } })
  })
  form.addEventListener("keydown", event => {
    if (event.key !== "Enter") return
    const next = options[(options.indexOf(current()) + 1) % options.length]
    next.click()
    next.focus()
  })
  for (const option of options)
    matchMedia(option.dataset.mdColorMedia).addEventListener("change", event => {
      if (event.matches && !__md_get("__palette")) choose(option)
    })
})()
