"use strict";
// The workbench: talks to the JSON API of the same server (/api/…, /api/workbench/…, /ledger/…); no framework, no
// build step. Views: balance, growth (with downloads and warnings), comparison of two runs, Sobol sensitivity,
// dispatch, claims, ledger (amounts in kWh/MWh and kg/t, times in ISO 8601).
const $ = (id) => document.getElementById(id);
const WB = "/api/workbench";
let uploaded = null;     // YAML text of an uploaded file, or null for a bundled scenario
let currentRun = null;   // id of the growth run in progress

// -- requests and messages ----------------------------------------------------------------------------------------
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
  if (problem.code === "ledger_key_needed") {
    // Beside a ledger, compute needs a ledger key: take the user to the box where it goes.
    const go = document.createElement("button");
    go.type = "button"; go.id = "key-needed-button"; go.textContent = "Enter a ledger key";
    go.addEventListener("click", () => { selectTab("ledger-tab"); $("api-key").focus(); });
    $("errors").append(document.createElement("br"), go);
  }
}

function showWarnings(id, warnings) {
  const list = $(id);
  list.innerHTML = "";
  (warnings || []).forEach((w) => { const li = document.createElement("li"); li.textContent = w; list.appendChild(li); });
}

async function api(method, url, body) {
  // The ledger key (ledger tab), when given, goes along: beside a ledger the server may ask for it before compute.
  const headers = { "Content-Type": "application/json" };
  if ($("api-key").value) headers.Authorization = `Bearer ${$("api-key").value}`;
  const response = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const data = await response.json();
  if (!response.ok) { showErrors(data); throw new Error(data.detail || response.statusText); }
  showErrors(null);
  return data;
}

// -- tables, figures, downloads -----------------------------------------------------------------------------------
const FOUR = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });

function cellText(value) {
  // Integers exactly, other numbers to 4 significant digits.
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toPrecision(4);
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return value ?? "";
}

function fillTable(id, rows, columns) {
  // columns: optional [[key, heading, format?], …]; default every key of the rows, as is.
  const table = $(id);
  table.innerHTML = "";
  if (!rows || rows.length === 0) return;
  const cols = columns || [...new Set(rows.flatMap((row) => Object.keys(row)))].map((c) => [c, c, null]);
  const head = table.createTHead().insertRow();
  cols.forEach(([, heading]) => { const th = document.createElement("th"); th.textContent = heading; head.appendChild(th); });
  const body = table.createTBody();
  rows.forEach((row) => {
    const tr = body.insertRow();
    cols.forEach(([key, , format]) => {
      const td = tr.insertCell();
      const value = row[key];
      td.textContent = format ? format(value, row) : cellText(value);
      if (typeof value === "number") td.className = "num";
      if (format === isoTime) td.className = "nowrap";
    });
  });
}

function plot(id, figure) {
  const spec = JSON.parse(figure.json);
  Plotly.react(id, spec.data, spec.layout, { responsive: true, displaylogo: false });
  const caption = $(id + "-caption");
  if (caption) caption.textContent = figure.caption;
}

function showDownloads(id, files, base) {
  const box = $(id);
  box.innerHTML = "";
  if (!files || files.length === 0) return;
  box.append("Download: ");
  files.forEach((name) => {
    const a = document.createElement("a");
    a.href = `${base}/${name}`; a.textContent = name; a.setAttribute("download", name);
    box.appendChild(a);
  });
}

function selectTab(name) {
  document.querySelectorAll(".tab").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
  document.querySelectorAll(".panel").forEach((p) => p.classList.toggle("active", p.id === name));
  if (name === "compare-tab") refreshRuns().catch(() => {});
}

// -- parameters: editable for bundled and uploaded scenarios ------------------------------------------------------
function leadingNumber(text) {
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*)$/.exec(String(text));
  return m ? { x: Number(m[1]), unit: m[2].trim() } : null;
}

function markOutside(div, p) {
  // A hint only (same unit written the same way); the server decides and warns for every unit.
  const input = div.querySelector("input");
  const v = leadingNumber(input.value), lo = leadingNumber(p.low), hi = leadingNumber(p.high);
  const outside = v && lo && hi && v.unit === lo.unit && lo.unit === hi.unit && (v.x < lo.x || v.x > hi.x);
  div.classList.toggle("outside", Boolean(outside));
  div.querySelector(".hint").textContent = outside ? "outside the documented range: runs as a what-if" : "";
}

function fillParameters(data) {
  $("source").textContent = (uploaded !== null ? "uploaded: " : "") + (data.title || data.name);
  const box = $("parameters");
  box.innerHTML = "";
  if (data.parameters.length === 0) box.textContent = "This scenario names no parameters.";
  data.parameters.forEach((p) => {
    const div = document.createElement("div");
    div.className = "param";
    const range = p.low !== null && p.high !== null ? ` (${p.low} – ${p.high})` : "";
    div.innerHTML = `<label></label><input><span class="hint"></span>`;
    div.querySelector("label").textContent = `${p.name}${range}`;
    div.querySelector("label").title = p.source || "";
    const input = div.querySelector("input");
    input.value = p.value; input.dataset.original = p.value; input.dataset.name = p.name;
    input.setAttribute("aria-label", p.name);
    input.addEventListener("input", () => markOutside(div, p));
    box.appendChild(div);
  });
}

async function loadScenario() {
  uploaded = null;
  $("upload").value = "";
  fillParameters(await api("POST", `${WB}/parameters`, { scenario: $("scenario").value }));
}

function resetParameters() {
  document.querySelectorAll("#parameters .param").forEach((div) => {
    const input = div.querySelector("input");
    input.value = input.dataset.original;
    div.classList.remove("outside");
    div.querySelector(".hint").textContent = "";
  });
}

// -- balance and growth -------------------------------------------------------------------------------------------
async function runBalance() {
  const data = await api("POST", `${WB}/balance`, request());
  selectTab("balance-tab");
  showWarnings("warnings", data.warnings);
  $("verdict").textContent = data.verdict;
  plot("sankey-energy", data.figures.energy);
  plot("sankey-mass", data.figures.mass);
  fillTable("energy-statement", data.tables.energy_statement);
  fillTable("mass-statement", data.tables.mass_statement);
  const fixed = (digits) => (x) => (x === null || x === undefined ? "" : Number(x).toFixed(digits));
  fillTable("eroi", data.eroi, [
    ["process", "process"], ["eroi", "EROI", fixed(1)], ["energy_payback_years", "energy payback [years]", fixed(2)],
    ["generation_W", "generation", (v) => human(v, "W")],
  ]);  // the per-unit energies behind the EROI are in the JSON API and the HTML report
  showDownloads("balance-downloads", data.files, `${WB}/results/${data.id}`);
}

async function poll(id, onProgress) {
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const status = await api("GET", `${WB}/results/${id}`);
    onProgress(status.progress);
    if (status.status !== "running") return status;
  }
}

async function runGrowth() {
  const body = request();
  body.members = Number($("members").value);
  body.seed = Number($("seed").value);
  const started = await api("POST", `${WB}/runs`, body);
  showWarnings("warnings", started.warnings);
  currentRun = started.id;
  $("cancel-button").disabled = false;
  selectTab("growth-tab");
  const status = await poll(started.id, (p) => { $("progress").value = p; });
  $("cancel-button").disabled = true;
  currentRun = null;
  if (status.status !== "done") { showErrors({ detail: status.error || `run ${status.status}` }); return; }
  $("progress").value = 1;
  $("run-label").textContent = `Run ${status.label}`;
  showWarnings("warnings", status.warnings);
  showWarnings("run-warnings", status.warnings);
  showDownloads("run-downloads", status.files, `${WB}/results/${status.id}`);
  fillTable("milestones", status.result.milestones);
  Object.entries(status.result.figures).forEach(([name, fig]) => plot(name, fig));
}

// -- comparison -----------------------------------------------------------------------------------------------------
async function refreshRuns() {
  const runs = (await api("GET", `${WB}/results`)).filter((r) => r.kind === "run" && r.status === "done");
  ["compare-a", "compare-b"].forEach((id, k) => {
    const select = $(id);
    const keep = select.value;
    select.innerHTML = "";
    runs.forEach((r) => {
      const option = document.createElement("option");
      option.value = r.id; option.textContent = r.label;
      select.appendChild(option);
    });
    if (runs.some((r) => r.id === keep)) select.value = keep;
    else if (runs.length) select.value = runs[Math.max(0, runs.length - 2 + k)].id;  // the last two runs
  });
}

async function runCompare() {
  const data = await api("GET", `${WB}/compare?a=${$("compare-a").value}&b=${$("compare-b").value}`);
  fillTable("compare-runs", [
    { run: "A", label: data.a.label, warnings: data.a.warnings.join("; ") },
    { run: "B", label: data.b.label, warnings: data.b.warnings.join("; ") },
  ]);
  const year = (x) => (x === null ? "never (median)" : String(Math.round(x)));
  const share = (x) => (x === null ? "" : `${Math.round(100 * x)} %`);
  const delta = (x) => (x === null ? "" : `${x > 0 ? "+" : ""}${Math.round(x)}`);
  fillTable("compare-milestones", data.milestones, [
    ["milestone", "milestone"], ["A: P50 year", "A: P50 year", year], ["B: P50 year", "B: P50 year", year],
    ["B − A [years]", "B − A [years]", delta], ["A: reached", "A: reached by", share],
    ["B: reached", "B: reached by", share],
  ]);
  plot("compare-figure", data.figure);
}

// -- sensitivity ----------------------------------------------------------------------------------------------------
async function runSensitivity() {
  const body = request();
  body.base = Number($("sobol-base").value);
  body.seed = Number($("seed").value);
  if ($("sobol-output").value) body.output = $("sobol-output").value;
  $("sobol-note").textContent = "running…";
  const data = await api("POST", `${WB}/sensitivity`, body);
  showWarnings("warnings", data.warnings);
  const r = data.result;
  const select = $("sobol-output");
  const chosen = select.value;
  select.innerHTML = "";
  r.outputs.forEach((name) => {
    const option = document.createElement("option");
    option.value = name; option.textContent = name;
    select.appendChild(option);
  });
  select.value = chosen || r.output;
  $("sobol-note").textContent = `${r.output}: ${r.runs} runs`;
  const three = (x) => (x === null ? "" : x.toFixed(3));
  fillTable("sobol-table", r.indices, [
    ["parameter", "parameter"], ["S1", "first order S1", three], ["S1_conf", "± (95 %)", three],
    ["ST", "total ST", three], ["ST_conf", "± (95 %)", three],
  ]);
  plot("sobol-figure", r.figure);
  showDownloads("sobol-downloads", data.files, `${WB}/results/${data.id}`);
}

// -- dispatch -------------------------------------------------------------------------------------------------------
function energyText(joules) { return human(joules / 3600, "Wh"); }

async function runDispatch() {
  const data = await api("POST", `${WB}/dispatch`, { site: $("site").value, hours: Number($("hours").value) });
  const s = data.result.summary;
  const pct = (x) => (x === null || x === undefined ? "—" : `${(100 * x).toFixed(2)} %`);
  fillTable("dispatch-summary", [
    { what: "site", value: `${s.title} (${s.hours} h from ${s.start})` },
    { what: "renewable energy available", value: energyText(s.renewable_available) },
    { what: "curtailed without the flexible loads", value: `${s.baseline_curtailed === null ? "—" : energyText(s.baseline_curtailed)} (${pct(s.baseline_curtailed_share)})` },
    { what: "curtailed with them", value: `${energyText(s.curtailed)} (${pct(s.curtailed_share)})` },
    { what: "surplus absorbed by the flexible loads", value: energyText(s.absorbed) },
    { what: "grid import / export", value: `${energyText(s.grid_import)} / ${energyText(s.grid_export)}` },
    { what: "value of the variable flows", value: `${FOUR.format(s.value)} ${s.currency}` },
  ]);
  fillTable("dispatch-loads", data.result.loads);
  Object.entries(data.result.figures).forEach(([name, fig]) => plot(name, fig));
  showDownloads("dispatch-downloads", data.files, `${WB}/results/${data.id}`);
}

// -- claims ---------------------------------------------------------------------------------------------------------
async function loadClaims() {
  const data = await api("GET", `${WB}/claims`);
  $("claims-counts").textContent = Object.entries(data.counts)
    .map(([k, n]) => `${n} ${k}${k === "off by" ? " ×N" : ""}`).join(", ");
  fillTable("claims-table", data.table);
  showDownloads("claims-downloads", ["claims.csv", "claims.parquet", "claims.html"], `${WB}/claims`);
}

// -- ledger: human units and ISO times ------------------------------------------------------------------------------
const PREFIXES = [[1e15, "P"], [1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];

function human(amount, unit) {
  // amount in `unit`: Wh (and J via /3600) get k/M/G/T prefixes, g and kg become kg or t/kt/Mt, others stay.
  if (amount === null || amount === undefined || amount === "") return "";
  const x = Number(amount);
  if (unit === "J") return human(x / 3600, "Wh");
  if (unit === "Wh" || unit === "W") {
    for (const [size, p] of PREFIXES) if (Math.abs(x) >= size) return `${FOUR.format(x / size)} ${p}${unit}`;
    return `${FOUR.format(x)} ${unit}`;
  }
  if (unit === "g") return Math.abs(x) >= 1000 ? human(x / 1000, "kg") : `${FOUR.format(x)} g`;
  if (unit === "kg") {
    for (const [size, name] of [[1e9, "Mt"], [1e6, "kt"], [1e3, "t"]]) {
      if (Math.abs(x) >= size) return `${FOUR.format(x / size)} ${name}`;
    }
    return `${FOUR.format(x)} kg`;
  }
  if (unit === "t") return human(x * 1000, "kg");
  return `${Number.isInteger(x) ? x.toLocaleString("en-US") : FOUR.format(x)} ${unit || ""}`.trim();
}

function isoTime(microseconds) {
  if (microseconds === null || microseconds === undefined) return "";
  return new Date(Number(microseconds) / 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
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
  const units = Object.fromEntries(accounts.map((a) => [a.commodity, a.unit]));
  const amount = (field) => (value, row) => human(value, row.unit);
  fillTable("accounts", accounts, [
    ["name", "account"], ["owner", "owner"], ["commodity", "commodity"], ["kind", "kind"],
    ["balance", "balance", amount()], ["available", "available", amount()],
  ]);
  const journal = await get("/ledger/journal?limit=50").catch(() => []);  // auditors and admins only
  fillTable("journal", journal, [
    ["seq", "#"], ["ts_us", "time (UTC)", isoTime], ["kind", "kind"], ["id", "id"],
    ["debit_account", "from (debit)"], ["credit_account", "to (credit)"],
    ["amount", "amount", (v, row) => (row.commodity ? human(v, units[row.commodity]) : "")],
    ["ref", "ref"], ["hash", "hash", (v) => (v ? `${v.slice(0, 12)}…` : "")],
  ]);
  // One energy and one mass statement per owner of the accounts shown (an owner key sees only its own); at most
  // MAX_OWNERS owners, two requests each.
  const owners = [...new Set(accounts.map((a) => a.owner))].filter((o) => o !== "system").sort().slice(0, MAX_OWNERS);
  const lines = [];
  for (const owner of owners) {
    for (const quantity of ["energy", "mass"]) {
      const query = `owner=${encodeURIComponent(owner)}&quantity=${quantity}`;
      const statement = await get(`/ledger/statements?${query}`);
      statement.lines.forEach((line) => lines.push({
        owner, quantity, ...line,
        amount: quantity === "energy" ? human(line.amount_J, "J") : human(line.amount_kg, "kg"),
      }));
    }
  }
  fillTable("ledger-statements", lines, [
    ["owner", "owner"], ["quantity", "quantity"], ["side", "side"], ["group", "group"], ["label", "item"],
    ["amount", "amount"],
  ]);
  showErrors(null);
}

// -- start ----------------------------------------------------------------------------------------------------------
async function fillSelect(id, url) {
  (await api("GET", url)).forEach((s) => {
    const option = document.createElement("option");
    option.value = s.name; option.textContent = `${s.name} — ${s.title}`;
    $(id).appendChild(option);
  });
}

async function init() {
  // Tabs and the ledger work before the scenario list has loaded.
  document.querySelectorAll(".tab").forEach((b) => b.addEventListener("click", () => selectTab(b.dataset.tab)));
  $("ledger-button").addEventListener("click", () => loadLedger().catch(() => {}));
  $("claims-button").addEventListener("click", () => loadClaims().catch(() => {}));
  $("dispatch-button").addEventListener("click", () => runDispatch().catch(() => {}));
  $("compare-button").addEventListener("click", () => runCompare().catch(() => {}));
  $("sobol-button").addEventListener("click", () => runSensitivity().catch(() => {}));
  $("reset-button").addEventListener("click", resetParameters);
  await fillSelect("site", `${WB}/sites`).catch(() => {});
  await fillSelect("scenario", "/api/scenarios");
  await loadScenario();
  $("scenario").addEventListener("change", () => loadScenario().catch(() => {}));
  $("upload").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    uploaded = await file.text();
    $("source").textContent = `uploaded: ${file.name}`;
    $("parameters").innerHTML = "";
    try { fillParameters(await api("POST", `${WB}/parameters`, { yaml: uploaded })); } catch (e) { /* in #errors */ }
  });
  $("balance-button").addEventListener("click", () => runBalance().catch(() => {}));
  $("run-button").addEventListener("click", () => runGrowth().catch(() => {}));
  $("cancel-button").addEventListener("click", () => { if (currentRun) api("DELETE", `${WB}/results/${currentRun}`); });
}

init().catch((e) => showErrors({ detail: String(e) }));
