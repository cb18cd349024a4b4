// Hand-written because Material has no setting for it: its 35 kB bundle would
// share a slow connection with the page and its CSS, and run before the first
// paint. So every script waits in <template id="guide-scripts"> (overrides/main.html)
// and starts once the text is drawn, in order: palette.js and search-on-demand.js
// first, as they must precede the bundle. The page works without scripts; they
// add to it.
// Material sets up the page's content when the document is ready (document$),
// which has then already happened, so this says so once the last script has run
// and the next frame is drawn: in a task of its own, so that the page can
// respond, and lay out what the bundle changed, in between.
addEventListener("DOMContentLoaded", () => requestAnimationFrame(() => setTimeout(() => {
  let script
  for (const original of document.getElementById("guide-scripts").content.children) {
    script = document.createElement("script")
    for (const { name, value } of original.attributes) script.setAttribute(name, value)
    script.async = false
    document.body.append(script)
  }
  script.onload = () => requestAnimationFrame(() => setTimeout(() => document$.next(document)))
})))
