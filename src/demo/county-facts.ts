// The county's own figures of each year (B15, B20–B24, B31) and the indicators it declares met with its
// evidence (B8, B9, B17, B25, B27–B30). Pupil counts are summed from the generated classes and
// school-years; the rest is written so that each year shows a chosen mix of met and not met.

import { DEMO_YEARS, COUNTY } from './plan.js';
import type { DemoClass, DemoCountyFacts, DemoSchool, DemoSchoolYear } from './types.js';

export function buildCountyFacts(schools: DemoSchool[], schoolYears: DemoSchoolYear[], classes: DemoClass[]): DemoCountyFacts[] {
  const schoolByCode = new Map(schools.map((s) => [s.schoolCode, s]));
  const out: DemoCountyFacts[] = [];
  for (const year of DEMO_YEARS) {
    // B20: pupils of urban and town public schools, boarding schools excluded
    let primary = 0;
    let junior = 0;
    for (const c of classes) {
      if (c.year !== year) continue;
      const s = schoolByCode.get(c.schoolCode);
      if (s?.ownership !== 'public' || s.boarding || s.areaType === 'rural' || s.kind === 'special') continue;
      if (c.stage === 'primary') primary += c.students;
      if (c.stage === 'junior') junior += c.students;
    }
    // B22: migrant children in public schools, plus half of those in private schools on purchased places
    let migrantPublic = 0;
    let migrantPrivate = 0;
    for (const sy of schoolYears) {
      if (sy.year !== year) continue;
      const s = schoolByCode.get(sy.schoolCode);
      if (!s) continue;
      if (s.ownership === 'public') migrantPublic += sy.migrantChildren ?? 0;
      else migrantPrivate += sy.migrantChildren ?? 0;
    }
    const purchased = Math.floor(migrantPrivate / 2);
    const unplaced = year === 2023 ? 14 : 9; // eligible but in private schools without purchased places

    const facts: DemoCountyFacts = {
      countyCode: COUNTY.countyCode,
      year,
      // B15: met in 2023, not in 2024 (civil-servant pay rose faster)
      teacherAveragePayYuan: year === 2023 ? 98650 : 100120,
      civilServantAveragePayYuan: year === 2023 ? 97280 : 101460,
      // B20 primary: 100 % needed; 2023 twelve pupils placed outside their zone (not met)
      nearbyEnrolmentPrimary: { numerator: year === 2023 ? primary - 12 : primary, denominator: primary },
      nearbyEnrolmentJunior: { numerator: Math.floor(junior * (year === 2023 ? 0.972 : 0.981)), denominator: junior },
      qualityHighSchoolQuota: year === 2023 ? { numerator: 566, denominator: 1080 } : { numerator: 598, denominator: 1100 },
      migrantChildrenInPublic: {
        numerator: migrantPublic + purchased,
        denominator: migrantPublic + purchased + (migrantPrivate - purchased) + unplaced,
      },
      // B23: 2023 at 94.6 % (not met), 2024 at 98.1 %
      juniorConsolidation:
        year === 2023
          ? { graduates: 1381, grade7Entrants: 1470, transfersIn: 18, transfersOut: 27, deaths: 1 }
          : { graduates: 1452, grade7Entrants: 1490, transfersIn: 22, transfersOut: 31, deaths: 1 },
      // B24: met nationally (95 %) both years; the county's own 98 % target only in 2024
      disabledEnrolment: year === 2023 ? { numerator: 126, denominator: 130 } : { numerator: 131, denominator: 133 },
      declared: [
        { indicatorId: 'B8', met: true, evidence: '《蕉岭县中小学校布局专项规划（2021—2035年）》经县政府批准实施，学校布局符合国家规定要求。' },
        { indicatorId: 'B9', met: true, evidence: '城乡义务教育学校建设标准、教师编制标准、生均公用经费基准定额、基本装备配置标准全县统一执行。' },
        { indicatorId: 'B17', met: true, evidence: '县教育局在县委编办核定的教职工编制总额和岗位总量内统筹分配各校编制和岗位，实行“县管校聘”。' },
        { indicatorId: 'B25', met: true, evidence: '全县中小学校均已制定章程并经核准，校园网和教育管理信息系统全覆盖。' },
        { indicatorId: 'B27', met: true, evidence: `${year}年度信息化教学应用抽查：教师熟练运用信息化手段组织教学，多媒体教室使用率达到较高水平。` },
        { indicatorId: 'B28', met: true, evidence: '德育工作和校园文化建设督导评估，所有学校达到良好以上等级。' },
        { indicatorId: 'B29', met: true, evidence: '课程开齐开足，综合实践活动、劳动教育按课时落实，教学秩序规范。' },
        { indicatorId: 'B30', met: true, evidence: '落实“双减”要求，作业总量和时长调控到位，校外培训治理专项检查无违规。' },
      ],
    };
    if (year !== 2023) {
      // B31: 2023 has no national monitoring report, so B31 is not assessable that year
      facts.qualityMonitoring = [
        { subject: 'chinese', level: 3, betweenSchoolVarianceShare: 0.11 },
        { subject: 'math', level: 3, betweenSchoolVarianceShare: 0.13 },
        { subject: 'science', level: 4, betweenSchoolVarianceShare: 0.09 },
      ];
    }
    out.push(facts);
  }
  return out;
}
