// The query page: YASGUI against this server's /sparql, and the named queries one click away.
// Everything comes from this server: no autocompleter that calls another host, no endpoint catalogue.
(function () {
  "use strict";
  const endpoint = new URL("/sparql", window.location.href).href;
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [] },
    persistenceId: "claimgraph-yasgui",
  });
  const named = JSON.parse(document.getElementById("named-queries").textContent);

  function example(description) {
    const found = /e\.g\.\s+(\S+)/.exec(description || "");
    return found ? found[1].replace(/[.,;]$/, "") : "";
  }

  async function open(query, inputs, message) {
    const params = new URLSearchParams();
    for (const [name, input] of Object.entries(inputs)) params.set(name, input.value);
    const response = await fetch(`/queries/${encodeURIComponent(query.name)}.rq?${params}`);
    const text = await response.text();
    if (!response.ok) {
      message.textContent = JSON.parse(text).error;
      return;
    }
    message.textContent = "";
    const tab = yasgui.getTab();
    tab.setQuery(text);
    tab.getYasqe().query();
  }

  const list = document.getElementById("named-list");
  for (const query of named) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.textContent = query.title || query.name;
    button.title = query.description;
    button.dataset.query = query.name;
    item.append(button);
    const inputs = {};
    for (const param of query.params) {
      const label = document.createElement("label");
      label.textContent = `${param.name} `;
      const input = document.createElement("input");
      input.name = param.name;
      input.value = example(param.description);
      input.title = param.description;
      label.append(input);
      item.append(label);
      inputs[param.name] = input;
    }
    const message = document.createElement("div");
    message.className = "error";
    item.append(message);
    button.addEventListener("click", () => open(query, inputs, message));
    list.append(item);
  }
  window.claimgraphYasgui = yasgui;
})();
