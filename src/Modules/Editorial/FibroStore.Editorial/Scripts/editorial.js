// Editorial pages: the reply form's stamp and threading, content protection, and the editor's live preview.
// Written into the page's head, so it waits for the document.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";

  var replyForm = document.getElementById("reply-form");
  if (replyForm) {
    // The page may come from a shared cache, so the stamp is fetched for this visitor.
    fetch("/articles/reply-stamp", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data) replyForm.querySelector("[data-reply-stamp]").value = data.stamp;
      })
      .catch(function () { /* The server explains what to do if the stamp is missing. */ });

    var parent = document.getElementById("reply-parent");
    var status = document.getElementById("replying-to");
    var comment = document.getElementById("reply-comment");
    document.querySelectorAll("[data-reply-to]").forEach(function (button) {
      button.addEventListener("click", function () {
        parent.value = button.getAttribute("data-reply-to");
        status.querySelector("[data-replying-to-text]").textContent = "Replying to " + button.getAttribute("data-reply-name") + ".";
        status.hidden = false;
        comment.focus();
      });
    });
    var cancel = status.querySelector("[data-reply-cancel]");
    cancel.addEventListener("click", function () {
      parent.value = "";
      status.hidden = true;
      comment.focus();
    });
    var summary = replyForm.querySelector(".validation-summary-errors");
    if (summary) summary.focus();
  }

  // Discourages copying only: keyboard users and screen readers still reach every word.
  document.querySelectorAll(".protected-text").forEach(function (body) {
    ["copy", "cut", "contextmenu", "dragstart"].forEach(function (type) {
      body.addEventListener(type, function (e) { e.preventDefault(); });
    });
  });

  var editor = document.getElementById("article-editor");
  if (editor) {
    var target = document.getElementById("live-preview");
    var timer = null;
    var render = function () {
      var data = new FormData(editor);
      // The preview needs only the text: a chosen picture is sent when the editor presses Upload picture.
      data.delete("Upload.Image");
      fetch("?handler=Preview", { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) target.innerHTML = html; })
        .catch(function () { /* The Update preview button still works. */ });
    };
    editor.querySelectorAll("[data-preview-source]").forEach(function (field) {
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(render, 600);
      });
    });
    render();
  }
});
