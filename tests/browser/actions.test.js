// The action plans of the demo organisation in real Chromium: the yearly
// plan with its effects and flags, one action, the form of a new action,
// the global prevention plan, a manager kept to their department, and
// 'you said, we did' on a phone with an invitation link and with the public
// link. Every page is checked with axe-core for accessibility errors.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { bin, browser, axe } = require('./helpers.js');

const phone = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true,
	hasTouch: true };

async function checkA11y(page, what) {
	const violations = await axe(page);
	assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 1)}`);
}

// Runs 'hartslag demo' on a free port; resolves to { url, password, tokens, stop }.
function demo(db) {
	return new Promise((resolve, reject) => {
		const p = spawn(bin, ['demo', '--db', db, '--port', '0'], {
			env: { ...process.env, LANG: 'C' },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		p.stdout.on('data', (d) => {
			out += d;
			const m = out.match(/running at (http:\/\/127\.0\.0\.1:\d+)/);
			const pw = out.match(/Log in as: admin \/ (\S+)/);
			if (m && pw)
				resolve({
					url: m[1], password: pw[1],
					tokens: [...out.matchAll(/\/s\/([A-Za-z0-9_-]{43})/g)].map((x) => x[1]),
					stop: () => new Promise((r) => { p.on('exit', r); p.kill('SIGTERM'); }),
				});
		});
		p.on('exit', (code) => reject(new Error(`demo exited with ${code}: ${out}`)));
	});
}

async function login(page, url, user, password) {
	await page.goto(`${url}/login`);
	await page.fill('input[name="login"]', user);
	await page.fill('input[name="password"]', password);
	await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
}

test('action plans and you said, we did in the demo', async (t) => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hartslag-actions-'));
	const d = await demo(path.join(dir, 'demo.db'));
	const b = await browser();
	t.after(async () => {
		await b.close();
		await d.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	});
	const ctx = await b.newContext({ locale: 'nl-BE', bypassCSP: true });
	const page = await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await login(page, d.url, 'admin', d.password);

	// The 2025 plan: effects measured at the 2025 wave, overdue and stalled flagged in words.
	await page.goto(`${d.url}/actions?year=2025&lang=en`);
	await checkA11y(page, 'yearly plan');
	const plan = await page.textContent('main');
	assert.match(plan, /clearly better/);
	assert.match(plan, /clearly worse/);
	assert.match(plan, /overdue/);
	assert.match(plan, /stalled/);
	assert.ok(await page.locator('.flag-overdue').count() > 0);

	// One action with its effect, history and the forms of management.
	await page.click('a:has-text("Zorgtaken herverdeeld over de ploeg")');
	await checkA11y(page, 'an action');
	const one = await page.textContent('main');
	assert.match(one, /clearly better/);
	assert.match(one, /Welzijnsbevraging 2024/);
	assert.match(one, /approved by management/);

	await page.goto(`${d.url}/actions/new`);
	await checkA11y(page, 'new action');
	await page.goto(`${d.url}/actions/gpp`);
	await checkA11y(page, 'global prevention plan');
	assert.match(await page.textContent('main'), /2028/);
	await page.goto(`${d.url}/admin/yousaid`);
	await checkA11y(page, 'settings');
	const link = (await page.textContent('main code')).match(/\/y\/[0-9a-f]{32}/)[0];

	// A manager sees the actions of their department only.
	const mctx = await b.newContext({ locale: 'nl-BE', bypassCSP: true });
	const mpage = await mctx.newPage();
	await login(mpage, d.url, 'manager', d.password);
	await mpage.goto(`${d.url}/actions?year=2025&lang=en`);
	const mplan = await mpage.textContent('main');
	assert.match(mplan, /Intervisie na moeilijke situaties/);
	assert.doesNotMatch(mplan, /Horaires connus/);

	// 'You said, we did' on a phone: the invitation link and the public link.
	const pctx = await b.newContext({ ...phone, locale: 'nl-BE', bypassCSP: true });
	const ppage = await pctx.newPage();
	assert.ok(d.tokens.length > 0);
	await ppage.goto(`${d.url}/s/${d.tokens[0]}/yousaid`);
	await checkA11y(ppage, 'you said, we did (invitation)');
	assert.match(await ppage.getAttribute('html', 'lang'), /^(nl|fr|en)$/);
	await ppage.goto(`${d.url}${link}?lang=nl`);
	await checkA11y(ppage, 'you said, we did (public)');
	const pub = await ppage.textContent('main');
	assert.match(pub, /Jullie zeiden, wij deden/);
	assert.match(pub, /Collegiale opvang na schokkende gebeurtenissen/);
	assert.doesNotMatch(pub, /Maandelijkse erkenning/); // proposed, not communicated
	assert.deepEqual(errors, []);
});
