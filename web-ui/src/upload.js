// Uploads: files dropped on the page (or chosen) are streamed into the chosen folder and listed with their status.
import { api } from "./api.js";
import { $, el } from "./dom.js";
import { joinPath } from "./lib/format.js";

const rows = new Map();

/** Wires the drop zone and the file chooser; uploaded(path) is called after each upload lands. */
export function initUpload(uploaded) {
  let depth = 0;
  const zone = $("drop-zone");
  const hasFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes("Files");
  document.addEventListener("dragenter", (e) => {
    if (!hasFiles(e)) return;
    depth++;
    zone.hidden = false;
  });
  document.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.hidden = true;
  });
  document.addEventListener("dragover", (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  document.addEventListener("drop", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    zone.hidden = true;
    uploadAll([...e.dataTransfer.files], uploaded);
  });
  $("upload-input").addEventListener("change", (e) => {
    uploadAll([...e.target.files], uploaded);
    e.target.value = "";
  });
}

/** Sets the folder uploads go into (a folder node was chosen). */
export function setUploadFolder(path) {
  $("upload-folder").value = path;
}

function row(path) {
  if (!rows.has(path)) {
    const item = el("li");
    const status = el("span", "", "status");
    item.append(el("span", path, "path"), status);
    $("uploads").prepend(item);
    rows.set(path, status);
  }
  return rows.get(path);
}

/** Shows a status next to an upload, if this page uploaded that path. */
export function setUploadStatus(path, status, error) {
  const cell = rows.get(path);
  if (!cell) return;
  cell.textContent = error ? `${status}: ${error}` : status;
  cell.className = "status " + String(status).toLowerCase();
}

async function uploadAll(files, uploaded) {
  const folder = $("upload-folder").value.trim() || "/";
  for (const file of files) {
    const path = joinPath(folder, file.name);
    row(path).textContent = "uploading…";
    try {
      const record = await api.upload(path, file);
      setUploadStatus(record.path, record.status ?? "PENDING", record.error);
      uploaded(record.path);
    } catch (e) {
      setUploadStatus(path, "upload failed", e.message);
    }
  }
}
