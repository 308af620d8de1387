import t from 'tap';
import { createTestApp } from '../helpers/app.js';

const h = await createTestApp();
t.teardown(() => h.close());

t.test('county round trip', async (t) => {
  let r = await h.call('PUT', '/v1/counties/441427', { name: '蕉岭县', cityCode: '441400', provinceCode: '44' });
  t.equal(r.status, 201, r.text);
  r = await h.call('PUT', '/v1/counties/441427', { name: '蕉岭县', cityCode: '441400', provinceCode: '44' });
  t.equal(r.status, 200, r.text);
  r = await h.call('GET', '/v1/counties/441427');
  t.equal(r.body.name, '蕉岭县');
  r = await h.call('PUT', '/v1/counties/441427', { name: 7, extra: 1 });
  t.equal(r.status, 400, r.text);
  t.comment(r.text);
  r = await h.call('PUT', '/v1/schools/2144000001', { name: 'x', countyCode: '441427', townCode: '441428100', kind: 'primary', areaType: 'rural', ownership: 'public', boarding: false });
  t.comment(r.text);
  r = await h.call('PUT', '/v1/schools/2144000001/years/2024', { teachingAreaM2: 100.07, sportsAreaM2: 5, equipmentValueYuan: 123.45, multimediaClassrooms: 1, musicRoomAreasM2: [96.5], artRoomAreasM2: [], boarders: 0, inclusionStudents: 0 });
  t.comment(r.status, r.text);
  r = await h.call('GET', '/v1/counties?format=csv');
  t.comment(r.text);
});
