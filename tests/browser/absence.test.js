// The absence warning lights on a unit page of the demo organisation, in
// real Chromium: the manager of the second floor logs in, opens Team Wilg
// (the demo's worst team), and finds every indicator with its value, a
// light shown as colour and as a word, the trend and a trend line; the page
// is checked with axe-core. The committee sees the organisation overview,
// HR the import page and the settings of the lights.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { bin, browser, axe } = require('./helpers.js');

// Starts `hartslag demo` on a free port; resolves to { url, password, stop }.
function demo(db) {
	return new Promise((resolve, reject) => {
		const p = spawn(bin, ['demo', '--db', db, '--port', '0', '--quiet'], {
			env: { ...process.env, LANG: 'C' },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		p.stdout.on('data', (d) => {
			out += d;
			const m = out.match(/Hartslag is running at (http:\/\/127\.0\.0\.1:\d+)/);
			const pw = out.match(/Log in as: admin \/ (\S+)/);
			if (m && pw)
				resolve({
					url: m[1],
					password: pw[1],
					stop: () => new Promise((r) => { p.on('exit', r); p.kill('SIGTERM'); }),
				});
		});
		p.on('exit', (code) => reject(new Error(`demo exited with ${code}: ${out}`)));
	});
}

async function login(page, url, user, password) {
	await page.goto(`${url}/login`);
	await page.fill('#login', user);
	await page.fill('#password', password);
	await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"]')]);
}

async function checkA11y(page, what) {
	const violations = await axe(page);
	assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 1)}`);
}

test('warning lights on the unit page of the demo', async (t) => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hartslag-browser-abs-'));
	const server = await demo(path.join(dir, 'demo.db'));
	const b = await browser();
	t.after(async () => {
		await b.close();
		await server.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	});
	const ctx = await b.newContext({ locale: 'nl-BE', bypassCSP: true,
		viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));

	await login(page, server.url, 'manager', server.password);
	await page.goto(`${server.url}/reports`);
	const href = await page.getAttribute('a:text-is("Team Wilg")', 'href');
	assert.ok(href, 'the overview links to Team Wilg');
	await page.goto(`${server.url}${href.split('?')[0]}`);

	const section = page.locator('section#absence');
	await section.waitFor();
	assert.equal(await page.locator('section#absence tr[data-indicator]').count(), 12);
	// every light is a colour and a word (and a mark), never colour alone
	const cells = page.locator('section#absence td.light');
	assert.equal(await cells.count(), 12);
	const words = { green: 'groen', orange: 'oranje', red: 'rood' };
	let coloured = 0;
	for (let i = 0; i < 12; i++) {
		const cls = await cells.nth(i).getAttribute('class');
		const m = cls.match(/light-(green|orange|red|none)/);
		assert.ok(m, cls);
		const text = (await cells.nth(i).textContent()).trim();
		assert.ok(text.length > 0, 'a light says its colour in words');
		if (m[1] !== 'none') {
			assert.ok(text.startsWith(words[m[1]]), `${m[1]}: "${text}"`);
			const bg = await cells.nth(i).evaluate((e) => getComputedStyle(e).backgroundColor);
			assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'the light has a colour');
			coloured++;
		}
	}
	assert.ok(coloured >= 10, 'most indicators have a light');
	// the worst team of the demo is not all green
	assert.ok(await page.locator('section#absence td.light-red, section#absence td.light-orange').count() > 0);
	assert.match(await page.textContent('section#absence .abs-overall'), /Geheel: (rood|oranje|groen)/);
	// trend in words and a trend line per indicator
	assert.ok(await page.locator('section#absence td.trend').count() === 12);
	assert.ok(await page.locator('section#absence td.spark svg[role="img"]').count() >= 10);
	await checkA11y(page, 'unit page with absence lights');

	// another period through the selector
	await page.selectOption('#abs-period', { index: 2 });
	await Promise.all([page.waitForNavigation(), page.click('section#absence form.period button')]);
	assert.match(page.url(), /period=\d{4}q\d/);
	await section.waitFor();

	// the committee's overview: units by indicators, with lights
	await ctx.clearCookies();
	await login(page, server.url, 'comite', server.password);
	await page.goto(`${server.url}/reports/absences`);
	assert.ok(await page.locator('table.abs-heatmap td.light').count() > 50);
	await checkA11y(page, 'absence overview');

	// HR: the import page and the settings of the lights, accessible too
	await ctx.clearCookies();
	await login(page, server.url, 'hr', server.password);
	await page.goto(`${server.url}/admin/absences`);
	assert.equal(await page.locator('form[action="/admin/absences/import"] textarea').count(), 1);
	await checkA11y(page, 'absence import');
	await page.goto(`${server.url}/admin/absences/settings`);
	assert.equal(await page.locator('select[name="rule_rate"]').count(), 1);
	await checkA11y(page, 'absence settings');
	assert.deepEqual(errors, []);
});
