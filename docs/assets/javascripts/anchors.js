// Keep links to a renamed section working: if the address names an old #anchor
// listed in data/url-contract.yml, point it at the section's new id and go there.
// Hand-written because neither MkDocs nor Material can redirect an anchor.
document$.subscribe(() => {
  const renamed = JSON.parse(document.getElementById("renamed-anchors")?.textContent || "{}")
  const now = renamed[decodeURIComponent(location.hash.slice(1))]
  if (!now) return
  history.replaceState(history.state, "", "#" + now)
  document.getElementById(now)?.scrollIntoView()
})
