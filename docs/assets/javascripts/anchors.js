// Land readers on the section a link points to. Hand-written because Material
// has no setting for either: a renamed section keeps its old #anchor working
// (the map comes from data/url-contract.yml), and the skip link moves keyboard
// focus to the content, which instant navigation's handling of it does not.
document$.subscribe(() => {
  const renamed = JSON.parse(document.getElementById("renamed-anchors")?.textContent || "{}")
  const now = renamed[decodeURIComponent(location.hash.slice(1))]
  if (!now) return
  history.replaceState(history.state, "", "#" + now)
  document.getElementById(now)?.scrollIntoView()
})

addEventListener("click", event => {
  const target = event.target.closest?.(".md-skip") && document.getElementById(event.target.hash.slice(1))
  if (!target) return
  target.setAttribute("tabindex", "-1")
  target.focus({ preventScroll: true })
})
