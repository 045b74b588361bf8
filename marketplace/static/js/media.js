// Drag-and-drop image upload with progress, and drag-to-reorder. No framework.
(function () {
  "use strict";
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("file-input");
  const uploads = document.getElementById("uploads");
  const list = document.getElementById("media-list");
  if (!zone) return;

  function upload(file) {
    const row = document.createElement("div");
    const label = document.createElement("div");
    label.textContent = file.name;
    const bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    row.append(label, bar);
    uploads.append(row);
    const form = new FormData();
    form.append("image", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", uploads.getAttribute("data-upload-url"));
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
    xhr.onload = () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      if (xhr.status === 201) {
        bar.value = 100;
        const li = document.createElement("li");
        li.draggable = true; li.dataset.id = body.id;
        const img = document.createElement("img");
        img.src = body.thumbnail; img.alt = body.alt; img.width = 96; img.height = 96;
        li.append(img); list.append(li);
        row.remove();
      } else {
        label.textContent = file.name + ": " + ((body.errors || []).map((e) => e.message).join(" ") || xhr.statusText);
        label.className = "errorlist"; label.setAttribute("role", "alert");
      }
    };
    xhr.send(form);
  }
  zone.addEventListener("click", () => input.click());
  zone.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); } });
  input.addEventListener("change", () => { Array.from(input.files).forEach(upload); input.value = ""; });
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => { e.preventDefault(); zone.classList.remove("over"); Array.from(e.dataTransfer.files).forEach(upload); });

  let dragged = null;
  list.addEventListener("dragstart", (e) => { dragged = e.target.closest("li"); });
  list.addEventListener("dragover", (e) => {
    e.preventDefault();
    const over = e.target.closest("li");
    if (!dragged || !over || over === dragged) return;
    const rect = over.getBoundingClientRect();
    list.insertBefore(dragged, (e.clientX - rect.left) > rect.width / 2 ? over.nextSibling : over);
  });
  list.addEventListener("drop", (e) => {
    e.preventDefault(); dragged = null;
    const order = Array.from(list.querySelectorAll("li")).map((li) => Number(li.dataset.id));
    fetch(list.dataset.reorderUrl, {method: "POST", headers: {"X-CSRFToken": csrf, "Content-Type": "application/json", "Accept": "application/json"}, body: JSON.stringify({order})});
  });
})();
