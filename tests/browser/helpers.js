// Shared helpers of the browser tests: a real hartslag server on loopback
// with a temporary database, set up through the command line, and Debian's
// Chromium driven by playwright-core.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..', '..');
const bin = process.env.HARTSLAG_BIN || path.join(root, 'build', 'src', 'cli', 'hartslag');

function cli(db, args, input) {
	return execFileSync(bin, [...args, '--db', db], {
		env: { ...process.env, LANG: 'C', LANGUAGE: '' },
		input,
		encoding: 'utf8',
	});
}

// A database with the sample organisation and one open wave; returns
// { dir, db, tokens }.
function setUpOrganisation() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hartslag-browser-'));
	const db = path.join(dir, 'test.db');
	cli(db, ['init', '--name', 'Browsertest vzw']);
	cli(db, ['import', 'units', path.join(root, 'tests/data/csv/units.csv')]);
	cli(db, ['import', 'employees', path.join(root, 'tests/data/csv/employees.csv')]);
	cli(db, ['wave', 'create', '--title', 'Welzijn 2026', '--opens', '2026-01-01',
		'--closes', '2099-12-31']);
	const csv = cli(db, ['wave', 'links', '1']);
	const tokens = [...csv.matchAll(/\/s\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1]);
	return { dir, db, tokens };
}

// Starts the server; resolves to { url, stop }.
function serve(db) {
	return new Promise((resolve, reject) => {
		const p = spawn(bin, ['serve', '--db', db, '--port', '0', '--quiet'], {
			env: { ...process.env, LANG: 'C' },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		p.stdout.on('data', (d) => {
			out += d;
			const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)/);
			if (m)
				resolve({
					url: `http://127.0.0.1:${m[1]}`,
					stop: () => new Promise((r) => { p.on('exit', r); p.kill('SIGTERM'); }),
				});
		});
		p.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
	});
}

async function browser() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

// Runs axe-core in the page; returns the violations (WCAG 2.1 A and AA).
async function axe(page) {
	await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
	return page.evaluate(async () => {
		const r = await window.axe.run(document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
		});
		return r.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map((n) => n.html).slice(0, 3),
		}));
	});
}

module.exports = { root, bin, cli, setUpOrganisation, serve, browser, axe };
