/** Small hand-made records for route tests; the demo county covers the large cases. */
export const county = { name: '蕉岭县', cityCode: '441400', provinceCode: '44' };
export const town = { name: '蕉城镇', countyCode: '441427' };

export const school = (over: Record<string, unknown> = {}) => ({
  name: '蕉岭县测试小学',
  countyCode: '441427',
  townCode: '441427100',
  kind: 'primary',
  areaType: 'urban',
  ownership: 'public',
  boarding: false,
  ...over,
});

export const schoolYear = (over: Record<string, unknown> = {}) => ({
  teachingAreaM2: 4500.5,
  sportsAreaM2: 7600,
  equipmentValueYuan: 2000000.07,
  multimediaClassrooms: 24,
  musicRoomAreasM2: [96, 100.25],
  artRoomAreasM2: [90],
  boarders: 0,
  inclusionStudents: 2,
  ...over,
});

export const teacherYear = (over: Record<string, unknown> = {}) => ({
  schoolCode: '2144000001',
  stage: 'primary',
  fullTime: true,
  education: 'bachelor',
  certified: true,
  backboneLevel: 'county',
  subject: 'math',
  trainingHours: 72,
  rotated: false,
  ...over,
});
