// A short team workshop in real Chromium: the demo manager's projected
// screen and two participants' phones, each in a browser context of its
// own (separate cookies). They join with the code, add points, vote and
// brainstorm; the facilitator's screen follows live without reloading, and
// the facilitator turns an idea into a proposed action. The participant
// page and the screen are checked with axe-core in every step.
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
const shots = process.env.HARTSLAG_SCREENSHOTS || '';

// "hartslag demo" on a free port; resolves to { url, password, stop, dir }.
function demo() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hartslag-workshop-'));
	const db = path.join(dir, 'demo.db');
	return new Promise((resolve, reject) => {
		const p = spawn(bin, ['demo', '--db', db, '--port', '0', '--quiet'], {
			env: { ...process.env, LANG: 'C' },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		p.stdout.on('data', (d) => {
			out += d;
			const m = out.match(/is running at (http:\/\/127\.0\.0\.1:\d+)/);
			const pw = out.match(/admin \/ (\S+)/);
			if (m && pw)
				resolve({
					url: m[1], password: pw[1], dir,
					stop: () => new Promise((r) => { p.on('exit', r); p.kill('SIGTERM'); }),
				});
		});
		p.on('exit', (code) => reject(new Error(`demo exited with ${code}: ${out}`)));
	});
}

async function checkA11y(page, what) {
	const violations = await axe(page);
	assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 1)}`);
}

async function shot(page, name) {
	if (shots)
		await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

test('a short workshop with a facilitator and two phones', async (t) => {
	const server = await demo();
	const b = await browser();
	t.after(async () => {
		await b.close();
		await server.stop();
		fs.rmSync(server.dir, { recursive: true, force: true });
	});
	const errors = [];
	const watch = (page) => {
		page.on('pageerror', (e) => errors.push(e.message));
		page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
	};

	// The facilitator: the demo manager, on a laptop attached to a projector.
	const fctx = await b.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en',
		bypassCSP: true });
	const screen = await fctx.newPage();
	watch(screen);
	await screen.goto(`${server.url}/login`);
	await screen.fill('input[name=login]', 'manager');
	await screen.fill('input[name=password]', server.password);
	await screen.click('form button[type=submit]');
	await screen.goto(`${server.url}/reports`);
	await screen.click('main a[href^="/reports/unit/"]');
	await screen.click('a[href^="/workshops/new?unit="]');
	await screen.click('main form.stack button[type=submit]');
	await screen.waitForSelector('.ws-code');
	const code = (await screen.textContent('.ws-code')).trim();
	assert.match(code, /^[2-9A-Z]{3}-[2-9A-Z]{3}$/);
	assert.ok(await screen.$('svg.ws-qr'), 'the screen shows a QR code');
	await checkA11y(screen, 'screen: walls');
	await screen.evaluate(() => { window.stillHere = true; });

	// Two participants join on their phones by typing the code.
	const phones = [];
	for (const locale of ['nl-BE', 'fr-BE']) {
		const ctx = await b.newContext({ ...phone, locale, bypassCSP: true });
		const page = await ctx.newPage();
		watch(page);
		await page.goto(`${server.url}/w`);
		await page.fill('input[name=code]', code.toLowerCase());
		await page.click('main form button[type=submit]');
		await page.waitForSelector('#ws[data-phase="walls"]');
		phones.push(page);
	}
	await checkA11y(phones[0], 'participant: walls');
	await screen.waitForFunction(() =>
		document.querySelector('[data-count="participants"]').textContent.trim() === '2');
	await screen.evaluate(() => { window.stillHere = true; });

	// Own points: the phones follow the step by themselves.
	const next = async () => {
		await Promise.all([screen.waitForNavigation(),
			screen.click('form.ws-controls button.primary')]);
		await screen.evaluate(() => { window.stillHere = true; });
	};
	await next();
	for (const [i, page] of phones.entries()) {
		await page.waitForSelector('#ws[data-phase="own_points"] textarea[name=text]');
		await page.fill('textarea[name=text]', `Own point from phone ${i + 1}`);
		await page.click('form.ws-js button[type=submit]');
	}
	await checkA11y(phones[1], 'participant: own points');
	await shot(phones[0], 'workshop-phone-points');
	await screen.waitForFunction(() =>
		document.querySelectorAll('ul[data-list="own"] li').length === 2);
	assert.equal(await screen.evaluate(() => window.stillHere), true,
		'the screen updated without reloading');

	// Dot voting: both put dots on the first point; the screen counts live.
	await next();
	for (const page of phones) {
		await page.waitForSelector('#ws[data-phase="voting"] form.ws-ballot');
		await page.evaluate(() => { window.stillHere = true; });
		await page.fill('form.ws-ballot input[type=number] >> nth=0', '2');
		await page.click('form.ws-ballot button[type=submit]');
		await page.waitForFunction(() =>
			document.querySelector('[data-count="dots"]').textContent.trim() === '1');
		assert.equal(await page.evaluate(() => window.stillHere), true,
			'the vote went without a reload');
	}
	await checkA11y(phones[0], 'participant: voting');
	await screen.waitForFunction(() =>
		[...document.querySelectorAll('[data-votes]')]
			.reduce((s, e) => s + Number(e.textContent), 0) === 4);
	await shot(screen, 'workshop-screen-voting');
	await checkA11y(screen, 'screen: voting');

	// Brainstorm on the chosen themes, in the four IGLO columns.
	await next();
	const cols = await screen.$$('ul[data-ideas]');
	assert.equal(cols.length % 4, 0);
	assert.ok(cols.length >= 4, 'at least one theme on the board');
	for (const [i, page] of phones.entries()) {
		await page.waitForSelector('#ws[data-phase="brainstorm"]');
		await page.selectOption('section.ws-theme >> nth=0 >> select[name=level]', 'group');
		await page.fill('section.ws-theme >> nth=0 >> textarea[name=text]',
			`Idea from phone ${i + 1}`);
		await page.click('section.ws-theme >> nth=0 >> form.ws-js button[type=submit]');
	}
	await checkA11y(phones[1], 'participant: brainstorm');
	await shot(phones[1], 'workshop-phone-brainstorm');
	await screen.waitForFunction(() =>
		[...document.querySelectorAll('ul[data-ideas$=":1"] li')].length === 2);
	await checkA11y(screen, 'screen: brainstorm');
	assert.equal(await screen.evaluate(() => window.stillHere), true);

	// Actions: the facilitator turns an idea into a proposed action.
	await next();
	await screen.check('input[name=idea] >> nth=0');
	await screen.click('section.ws-actions form button[type=submit]');
	await screen.waitForSelector('.ws-actions p.ok');
	assert.match(await screen.textContent('.ws-actions p.ok'), /1 proposed action/);
	await checkA11y(screen, 'screen: actions');
	await shot(screen, 'workshop-screen-actions');
	// The proposal is in the team's action plan, waiting for approval.
	const title = (await screen.textContent('ul.ws-pick li >> nth=0')).split(':').pop().trim()
		.replace(/\s*in the plan$/, '');
	await screen.click('.ws-actions p.ok a');
	assert.match(await screen.textContent('main'), new RegExp(title));
	await phones[0].waitForSelector('#ws[data-phase="actions"]');
	await checkA11y(phones[0], 'participant: actions');
	assert.deepEqual(errors, []);
});
