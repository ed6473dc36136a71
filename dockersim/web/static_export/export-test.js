// The static export's own small page: a command line, its output, the pictures, the lessons'
// Check buttons. It talks to the same /api/* calls as the server's page (here answered by
// pyodide-backend.js).
"use strict";
const $ = (id) => document.getElementById(id);

async function api(name, body) {
  const response = await fetch(`api/${name}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body || {}),
  });
  return response.json();
}

function showPictures(pictures) {
  if (!pictures) return;
  const list = $("pictures");
  list.replaceChildren();
  for (const picture of pictures) {
    const box = document.createElement("figure");
    box.className = "picture";
    box.dataset.kind = picture.kind;
    const caption = document.createElement("figcaption");
    caption.textContent = picture.title;
    box.append(caption);
    if (picture.svg) {
      const holder = document.createElement("div");
      holder.innerHTML = picture.svg; // drawn by dockersim itself, names escaped
      box.append(holder);
    } else {
      const pre = document.createElement("pre");
      pre.textContent = picture.text;
      box.append(pre);
    }
    list.append(box);
  }
}

function showLessons(lessons) {
  const area = $("lessons");
  for (const lesson of lessons) {
    const part = document.createElement("article");
    const title = document.createElement("h2");
    title.textContent = lesson.title;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `Check “${lesson.title}”`;
    const result = document.createElement("ul");
    result.className = "check-result";
    button.addEventListener("click", async () => {
      const answer = await api("check", { lesson: lesson.id });
      result.replaceChildren();
      for (const step of answer.steps || []) {
        for (const item of step.results) {
          const li = document.createElement("li");
          li.textContent = `${item.status}: ${item.title}${item.message ? " (" + item.message + ")" : ""}`;
          result.append(li);
        }
      }
    });
    part.append(title, button, result);
    area.append(part);
  }
}

async function start() {
  try {
    const info = await window.dockersimBackend.ready;
    const state = await api("state");
    showLessons(state.lessons || []);
    showPictures(state.pictures);
    $("status").textContent = `Ready (Pyodide ${info.pyodide}, started in ${info.bootMs} ms).`;
    $("line").disabled = false;
    $("run").disabled = false;
    $("line").focus();
  } catch (error) {
    $("status").textContent = `The simulator did not start: ${error}`;
  }
}

$("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const line = $("line").value;
  $("line").value = "";
  const answer = await api("run", { line });
  const out = $("output");
  const text = answer.output ?? answer.error ?? "";
  out.textContent += `$ ${line}\n${text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "")}`;
  out.dataset.exitCode = String(answer.exit_code ?? "");
  showPictures(answer.pictures);
});

start();
