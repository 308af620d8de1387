import { fileTest } from '../helpers/file-test.js';
import { buildJiaolingDemo } from '../../src/demo/jiaoling.js';
import { decimalPlaces } from '../../src/plugins/validation.js';
import { createTestApp } from '../helpers/app.js';

const t = fileTest(import.meta);

t.test('decimal places are read from the number as written', async (t) => {
  t.equal(decimalPlaces(8569703.95), 2, 'a large amount with cents (8569703.95 / 0.01 is not an integer in floating point)');
  t.equal(decimalPlaces(0.07), 2);
  t.equal(decimalPlaces(999999999999.99), 2);
  t.equal(decimalPlaces(1.005), 3);
  t.equal(decimalPlaces(12), 0);
  t.equal(decimalPlaces(1e-7), 7);
  t.equal(decimalPlaces(1.5e-5), 6);
});

t.test('the whole demo county loads through POST /v1/bulk, and a second load changes nothing', async (t) => {
  const h = await createTestApp();
  t.teardown(() => h.close());
  const bundle = buildJiaolingDemo();
  let r = await h.call('POST', '/v1/bulk', bundle);
  t.equal(r.status, 200, r.text.slice(0, 500));
  t.equal(r.body.committed, true);
  t.equal(r.body.teacherYears.created, bundle.teacherYears.length);
  t.equal(r.body.classes.created, bundle.classes.length);
  r = await h.call('POST', '/v1/bulk?dryRun=true', bundle);
  t.equal(r.body.schoolYears.unchanged, bundle.schoolYears.length, 'money and areas come back exactly as sent');
  t.equal(r.body.teacherYears.unchanged, bundle.teacherYears.length);
  t.equal(r.body.countyFacts.unchanged, bundle.countyFacts.length);
  const big = await h.call('PUT', `/v1/schools/${bundle.schools[5]!.schoolCode}/years/2024`, {
    ...Object.fromEntries(Object.entries(bundle.schoolYears.find((y) => y.schoolCode === bundle.schools[5]!.schoolCode && y.year === 2024)!).filter(([k]) => k !== 'schoolCode' && k !== 'year')),
    publicFundingAllocatedYuan: 8569703.95,
  });
  t.equal(big.status, 200, big.text);
  t.equal(big.body.publicFundingAllocatedYuan, 8569703.95);
});
