// The lesson page: a line editor on xterm.js, the lesson column and the pictures.
// Everything the server sends as HTML was made safe there (dockersim/web/markdown.py);
// everything else goes in as text. The server's token travels in a header on each call.
import { Terminal } from "./vendor/xterm.mjs";
import { FitAddon } from "./vendor/addon-fit.mjs";

const token = document.querySelector('meta[name="dockersim-token"]').content;
const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
const PROMPT = "\x1b[1;32mstudent@dockersim\x1b[0m:\x1b[1;34m~\x1b[0m$ ";
const $ = (id) => document.getElementById(id);

async function api(path, body = {}) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Dockersim-Token": token },
    body: JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

// --- the terminal --------------------------------------------------------------------------
const term = new Terminal({
  convertEol: true, cursorBlink: !reduced, screenReaderMode: true, scrollback: 5000,
  fontSize: 15, fontFamily: '"DejaVu Sans Mono", ui-monospace, monospace',
  theme: { background: "#1e1e1e", foreground: "#e8e8e8" },
});
const fit = new FitAddon();
term.loadAddon(fit);
term.open($("terminal"));
fit.fit();
new ResizeObserver(() => fit.fit()).observe($("terminal"));
// Tab leaves the terminal (keyboard users must be able to get out); the rest is ours
term.attachCustomKeyEventHandler((event) => event.key !== "Tab");

const editor = { line: "", cursor: 0, history: [], index: 0, draft: "", busy: null, ahead: [] };

function redraw() {
  const back = editor.line.length - editor.cursor;
  term.write("\r\x1b[K" + PROMPT + editor.line + (back ? `\x1b[${back}D` : ""));
}

function setLine(text) {
  editor.line = text;
  editor.cursor = text.length;
  redraw();
}

function prompt() {
  editor.line = "";
  editor.cursor = 0;
  term.write(PROMPT);
  // what was typed while the command ran comes now, as a terminal's type-ahead does
  const ahead = editor.ahead.splice(0);
  for (const data of ahead) {
    keys(data);
    if (editor.busy) {
      editor.ahead.push(...ahead.slice(ahead.indexOf(data) + 1));
      break;
    }
  }
}

async function run(line) {
  term.write("\r\n");
  if (line.trim()) {
    editor.history.push(line);
  }
  editor.index = editor.history.length;
  if (!line.trim()) return prompt();
  const ticket = {};
  editor.busy = ticket;
  try {
    const data = await api("/api/run", { line });
    if (editor.busy !== ticket) return showPictures(data); // Ctrl-C: its output is dropped
    term.write(data.output);
    showPictures(data);
  } catch (error) {
    if (editor.busy === ticket) term.write(`\x1b[31mdockersim web: ${error.message}\x1b[0m\r\n`);
  }
  if (editor.busy === ticket) {
    editor.busy = null;
    prompt();
  }
}

const KEYS = {
  "\x1b[A": () => history(-1), "\x1b[B": () => history(1),
  "\x1b[C": () => move(1), "\x1b[D": () => move(-1),
  "\x1b[H": () => move(-Infinity), "\x01": () => move(-Infinity), "\x1bOH": () => move(-Infinity),
  "\x1b[F": () => move(Infinity), "\x05": () => move(Infinity), "\x1bOF": () => move(Infinity),
  "\x1b[3~": () => { editor.line = editor.line.slice(0, editor.cursor) + editor.line.slice(editor.cursor + 1); redraw(); },
  "\x15": () => setLine(""),
  "\x0c": () => { term.clear(); redraw(); },
};

function move(by) {
  editor.cursor = Math.max(0, Math.min(editor.line.length, editor.cursor + by));
  redraw();
}

function history(step) {
  const items = editor.history;
  if (!items.length) return;
  if (editor.index === items.length) editor.draft = editor.line;
  editor.index = Math.max(0, Math.min(items.length, editor.index + step));
  setLine(editor.index === items.length ? editor.draft : items[editor.index]);
}

function interrupt() {
  term.write("^C\r\n");
  editor.busy = null;
  editor.ahead = [];
  editor.index = editor.history.length;
  prompt();
}

term.onData((data) => {
  if (data === "\x03") return interrupt();
  if (editor.busy) return editor.ahead.push(data); // typed ahead: shown at the next prompt
  keys(data);
});

function keys(data) {
  if (KEYS[data]) return KEYS[data]();
  for (const [position, char] of [...data].entries()) {
    if (char === "\r" || char === "\n") {
      const line = editor.line;
      editor.cursor = line.length;
      redraw();
      run(line);
      const rest = [...data].slice(position + 1).join("");
      if (editor.busy && rest) editor.ahead.push(rest); // the rest of a paste waits its turn
      if (editor.busy) return;
    } else if (char === "\x7f" || char === "\b") {
      if (editor.cursor > 0) {
        editor.line = editor.line.slice(0, editor.cursor - 1) + editor.line.slice(editor.cursor);
        editor.cursor -= 1;
        redraw();
      }
    } else if (char >= " " && char !== "\x7f") {
      editor.line = editor.line.slice(0, editor.cursor) + char + editor.line.slice(editor.cursor);
      editor.cursor += 1;
      redraw();
    }
  }
}

// --- the pictures --------------------------------------------------------------------------
function cleanSvg(markup) {
  const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg") return null;
  for (const bad of svg.querySelectorAll("script, foreignObject, iframe")) bad.remove();
  for (const node of [svg, ...svg.querySelectorAll("*")]) {
    for (const attr of [...node.attributes]) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim();
      if (name.startsWith("on") || ((name === "href" || name === "xlink:href") && !value.startsWith("#"))) {
        node.removeAttribute(attr.name);
      }
    }
  }
  return document.importNode(svg, true);
}

function showPictures(data) {
  const lines = data.changes || [];
  $("changes").textContent = lines.length ? lines.join("\n") : "";
  if (!data.pictures) return;
  const list = $("picture-list");
  list.replaceChildren();
  for (const picture of data.pictures) {
    const figure = document.createElement("figure");
    figure.dataset.kind = picture.kind;
    figure.dataset.name = picture.name;
    const caption = document.createElement("figcaption");
    caption.textContent = picture.title;
    figure.append(caption);
    const svg = picture.svg ? cleanSvg(picture.svg) : null;
    if (svg) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", picture.title);
      figure.append(svg);
    } else {
      const pre = document.createElement("pre");
      pre.textContent = picture.text || "";
      figure.append(pre);
    }
    const touched = (picture.changed || []).length > 0 &&
      (picture.kind === "summary" || picture.kind === "network" || picture.changed.includes(picture.name));
    figure.classList.toggle("changed", touched);
    list.append(figure);
  }
}

// --- the lesson ----------------------------------------------------------------------------
let lessons = [];
let current = 0;

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function showLesson(number) {
  current = number;
  const lesson = lessons[number];
  $("lesson-title").textContent = lesson.title;
  $("lesson-body").innerHTML = lesson.description; // made safe by the server's renderer
  const steps = $("steps");
  steps.replaceChildren();
  for (const step of lesson.steps) {
    const item = element("li");
    item.id = `step-${step.index}`;
    const say = element("div");
    say.innerHTML = step.say;
    item.append(say);
    if (step.run) {
      const row = element("div", undefined, "command");
      row.append(element("code", step.run));
      const button = element("button", "Put in the terminal");
      button.type = "button";
      button.setAttribute("aria-label", `Put "${step.run}" in the terminal`);
      button.addEventListener("click", () => { setLine(step.run.split("\n")[0]); term.focus(); });
      row.append(button);
      item.append(row);
      if (step.input) item.append(element("p", `then type: ${step.input.trim().split("\n").join(" ⏎ ")}`));
    }
    const goals = [...step.checks, ...step.expects];
    if (goals.length) {
      const list = element("ul", undefined, "results");
      list.setAttribute("aria-label", "What Check looks at");
      for (const goal of goals) list.append(element("li", `○ ${goal}`));
      item.append(list);
    }
    steps.append(item);
  }
  $("check-area").hidden = false;
  $("check-summary").textContent = "";
  prepare(number);
}

async function prepare(number) {
  try {
    const data = await api("/api/prepare", { lesson: number });
    $("lesson-status").textContent = data.done.length ? `Set up: ${data.done.join("; ")}` : "";
    showPictures(data);
  } catch (error) {
    $("lesson-status").textContent = `Could not set up the lesson: ${error.message}`;
  }
}

const MARK = { passed: "✓", failed: "✗", "not checked": "–" };

async function check() {
  $("check-summary").textContent = "Checking…";
  try {
    const data = await api("/api/check", { lesson: current });
    let passed = 0;
    let total = 0;
    for (const step of data.steps) {
      const item = $(`step-${step.index}`);
      item.querySelector(".results")?.remove();
      const list = element("ul", undefined, "results");
      for (const result of step.results) {
        if (result.status !== "not checked") { total += 1; if (result.status === "passed") passed += 1; }
        const line = element("li", `${MARK[result.status] || "?"} ${result.title}`, result.status.replace(" ", "-"));
        if (result.message && result.status !== "passed") line.append(element("div", result.message));
        list.append(line);
      }
      if (step.hint) list.append(element("li", `Hint: ${step.hint}`));
      item.append(list);
    }
    $("check-summary").textContent = `${passed} of ${total} checks pass.`;
  } catch (error) {
    $("check-summary").textContent = `Check failed: ${error.message}`;
  }
}

$("check").addEventListener("click", check);
$("lesson-select").addEventListener("change", (event) => showLesson(Number(event.target.value)));

async function start() {
  term.focus();
  prompt();
  const state = await api("/api/state");
  lessons = state.lessons;
  showPictures(state);
  if (lessons.length > 1) {
    const select = $("lesson-select");
    lessons.forEach((lesson, number) => select.append(new Option(lesson.title, String(number))));
    $("lesson-picker").hidden = false;
  }
  if (lessons.length) showLesson(0);
  document.body.dataset.ready = "true";
}

start().catch((error) => term.write(`\x1b[31mdockersim web: ${error.message}\x1b[0m\r\n`));
