"use strict";
// Dashboard logic: talks to the JSON API of the same server; no framework, no build step.
const $ = (id) => document.getElementById(id);
let uploaded = null;     // YAML text of an uploaded file, or null for a bundled scenario
let currentRun = null;   // id of the growth run in progress

function request() {
  const overrides = {};
  document.querySelectorAll("#parameters input").forEach((input) => {
    if (input.value !== input.dataset.original) overrides[input.dataset.name] = input.value;
  });
  const body = uploaded !== null ? { yaml: uploaded } : { scenario: $("scenario").value };
  body.overrides = overrides;
  return body;
}

function showErrors(problem) {
  if (!problem) { $("errors").textContent = ""; return; }
  if (problem.problems) $("errors").textContent = problem.problems.map((p) => p.text).join("\n");
  else $("errors").textContent = problem.detail || problem.title || String(problem);
}

async function api(method, url, body) {
  const response = await fetch(url, {
    method, headers: { "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json();
  if (!response.ok) { showErrors(data); throw new Error(data.detail || response.statusText); }
  showErrors(null);
  return data;
}

function cellText(value) {
  // Integers exactly (ledger amounts are exact integers in their unit), other numbers to 4 digits.
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toPrecision(4);
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return value ?? "";
}

function fillTable(id, rows) {
  const table = $(id);
  table.innerHTML = "";
  if (!rows || rows.length === 0) return;
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const head = table.createTHead().insertRow();
  columns.forEach((c) => { const th = document.createElement("th"); th.textContent = c; head.appendChild(th); });
  const body = table.createTBody();
  rows.forEach((row) => {
    const tr = body.insertRow();
    columns.forEach((c) => {
      const td = tr.insertCell();
      const value = row[c];
      td.textContent = cellText(value);
      if (typeof value === "number") td.className = "num";
    });
  });
}

function plot(id, figure) {
  const spec = JSON.parse(figure.json);
  Plotly.react(id, spec.data, spec.layout, { responsive: true, displaylogo: false });
  const caption = $(id + "-caption");
  if (caption) caption.textContent = figure.caption;
}

function selectTab(name) {
  document.querySelectorAll(".tab").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
  document.querySelectorAll(".panel").forEach((p) => p.classList.toggle("active", p.id === name));
}

async function loadScenario() {
  uploaded = null;
  $("upload").value = "";
  const data = await api("GET", `/api/scenarios/${$("scenario").value}`);
  $("source").textContent = data.title || data.name;
  const box = $("parameters");
  box.innerHTML = "";
  data.parameters.forEach((p) => {
    const div = document.createElement("div");
    div.className = "param";
    const range = p.low !== null ? ` (${p.low} – ${p.high})` : "";
    div.innerHTML = `<label></label><input>`;
    div.querySelector("label").textContent = `${p.name}${range}`;
    div.querySelector("label").title = p.source || "";
    const input = div.querySelector("input");
    input.value = p.value; input.dataset.original = p.value; input.dataset.name = p.name;
    box.appendChild(div);
  });
}

async function runBalance() {
  const data = await api("POST", "/api/balance", request());
  selectTab("balance-tab");
  $("verdict").textContent = data.verdict;
  plot("sankey-energy", data.figures.energy);
  plot("sankey-mass", data.figures.mass);
  fillTable("energy-statement", data.tables.energy_statement);
  fillTable("mass-statement", data.tables.mass_statement);
  fillTable("eroi", data.eroi);
}

async function runGrowth() {
  const body = request();
  body.members = Number($("members").value);
  body.seed = Number($("seed").value);
  const { id } = await api("POST", "/api/runs", body);
  currentRun = id;
  $("cancel-button").disabled = false;
  selectTab("growth-tab");
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const status = await api("GET", `/api/runs/${id}`);
    $("progress").value = status.progress;
    if (status.status === "running") continue;
    $("cancel-button").disabled = true;
    currentRun = null;
    if (status.status === "done") {
      $("progress").value = 1;
      fillTable("milestones", status.result.milestones);
      Object.entries(status.result.figures).forEach(([name, fig]) => plot(name, fig));
    } else {
      showErrors({ detail: status.error || `run ${status.status}` });
    }
    return;
  }
}

const MAX_OWNERS = 20;  // statements loaded by the ledger view

async function loadLedger() {
  const key = $("api-key").value;
  const get = async (url) => {
    const r = await fetch(url, { headers: { Authorization: `Bearer ${key}` } });
    const data = await r.json();
    if (!r.ok) { showErrors(data); throw new Error(data.detail); }
    return data;
  };
  selectTab("ledger-tab");
  const accounts = await get("/ledger/accounts");
  fillTable("accounts", accounts);
  const journal = await get("/ledger/journal?limit=50").catch(() => []);  // auditors and admins only
  fillTable("journal", journal);
  // One energy and one mass statement per owner of the accounts shown (an owner key sees only its own); at most
  // MAX_OWNERS owners, two requests each.
  const owners = [...new Set(accounts.map((a) => a.owner))].filter((o) => o !== "system").sort().slice(0, MAX_OWNERS);
  const lines = [];
  for (const owner of owners) {
    for (const quantity of ["energy", "mass"]) {
      const query = `owner=${encodeURIComponent(owner)}&quantity=${quantity}`;
      const statement = await get(`/ledger/statements?${query}`);
      statement.lines.forEach((line) => lines.push({ owner, quantity, ...line }));
    }
  }
  fillTable("ledger-statements", lines);
  showErrors(null);
}

async function init() {
  // Tabs and the ledger work before the scenario list has loaded.
  document.querySelectorAll(".tab").forEach((b) => b.addEventListener("click", () => selectTab(b.dataset.tab)));
  $("ledger-button").addEventListener("click", () => loadLedger().catch(() => {}));
  const list = await api("GET", "/api/scenarios");
  list.forEach((s) => {
    const option = document.createElement("option");
    option.value = s.name; option.textContent = `${s.name} — ${s.title}`;
    $("scenario").appendChild(option);
  });
  await loadScenario();
  $("scenario").addEventListener("change", () => loadScenario().catch(() => {}));
  $("upload").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    uploaded = await file.text();
    $("source").textContent = `uploaded: ${file.name}`;
    $("parameters").innerHTML = "";
    try { await api("POST", "/api/validate", { yaml: uploaded }); } catch (e) { /* shown in #errors */ }
  });
  $("balance-button").addEventListener("click", () => runBalance().catch(() => {}));
  $("run-button").addEventListener("click", () => runGrowth().catch(() => {}));
  $("cancel-button").addEventListener("click", () => { if (currentRun) api("DELETE", `/api/runs/${currentRun}`); });
}

init().catch((e) => showErrors({ detail: String(e) }));
