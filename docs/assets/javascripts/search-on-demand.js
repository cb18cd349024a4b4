// Material fetches the search index, the largest file, on every first visit.
// Hand-written because Material has no setting for it: that one request waits
// until the reader opens search, which keeps each first visit small. Loaded
// just before Material's bundle (overrides/main.html), so it is in place first.
(() => {
  const opened = new Promise(open => {
    if (new URLSearchParams(location.search).has("h")) open()
    addEventListener("focusin", event => event.target.matches(".md-search__input") && open())
    addEventListener("change", event => event.target.id === "__search" && open())
  })
  const { open: openRequest, send } = XMLHttpRequest.prototype
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.isSearchIndex = String(url).endsWith("/search/search_index.json")
    return openRequest.call(this, method, url, ...rest)
  }
  XMLHttpRequest.prototype.send = function (...body) {
    if (!this.isSearchIndex) return send.apply(this, body)
    opened.then(() => send.apply(this, body))
  }
})()
