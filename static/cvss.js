/*
 * cvss.js — the live score of the CVSS vector editor on the issue page
 * (src/web/page_issue_cvss.c). The editor works without this script: its
 * "Show the score" button asks the server. With it, every change of a
 * metric builds the vector of the chosen version and asks POST /api/v1/cvss
 * for the score, which is shown in the editor's <output>. Only text is
 * written into the page (textContent), never HTML. Loaded as a file
 * (script-src 'self'); no inline script anywhere.
 */
(function () {
  "use strict";

  var form = document.getElementById("cvss-editor");
  if (!form || !window.fetch) {
    return;
  }
  var out = document.getElementById("cvss-live");
  var pasted = form.querySelector("input[name=vector]");
  var csrf = form.querySelector("input[name=csrf]");
  var seq = 0;

  function version() {
    var r = form.querySelector("input[name=version]:checked");
    return r ? r.value : "3.1";
  }

  function vector() {
    if (pasted && pasted.value.trim() !== "") {
      return pasted.value.trim();
    }
    var v = version();
    var set = form.querySelector("fieldset[data-version=v" + v.replace(".", "") + "]");
    var parts = ["CVSS:" + v];
    if (!set) {
      return null;
    }
    var selects = set.querySelectorAll("select[data-metric]");
    for (var i = 0; i < selects.length; i++) {
      parts.push(selects[i].getAttribute("data-metric") + ":" + selects[i].value);
    }
    return parts.join("/");
  }

  function show(text, bad) {
    out.textContent = text;
    out.className = bad ? "error" : "";
  }

  function update() {
    var vec = vector();
    var mine = ++seq;
    var headers = {"Content-Type": "application/json"};
    if (!vec) {
      return;
    }
    if (csrf && csrf.value) {
      headers["X-CSRF-Token"] = csrf.value;
    }
    fetch("/api/v1/cvss", {
      method: "POST",
      credentials: "same-origin",
      headers: headers,
      body: JSON.stringify({vector: vec})
    }).then(function (r) {
      return r.json().then(function (j) {
        return {ok: r.ok, j: j};
      });
    }).then(function (res) {
      if (mine !== seq) {
        return;
      }
      if (res.ok) {
        show(res.j.score.toFixed(1) + " " + res.j.severity + " (CVSS " + res.j.version +
          ") " + res.j.vector, false);
      } else {
        show((res.j.field || "vector") + ": " + (res.j.detail ||
          "is not valid"), true);
      }
    }).catch(function () {
      /* no live score: the "Show the score" button still works */
    });
  }

  /* with the script, only the chosen version's metrics are shown */
  function showVersion() {
    var sets = form.querySelectorAll("fieldset[data-version]");
    var want = "v" + version().replace(".", "");
    for (var i = 0; i < sets.length; i++) {
      sets[i].hidden = sets[i].getAttribute("data-version") !== want;
    }
  }

  form.addEventListener("change", function (ev) {
    if (ev.target && ev.target.name === "version") {
      showVersion();
    }
    update();
  });
  showVersion();
  if (pasted) {
    pasted.addEventListener("input", update);
  }
}());
