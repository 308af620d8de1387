// Plausible Chinese personal names for demo teachers (Hakka surnames common in Meizhou first).

import type { Rng } from './prng.js';

const SURNAMES: readonly (readonly [string, number])[] = [
  ['黄', 9], ['钟', 8], ['徐', 8], ['林', 7], ['陈', 7], ['刘', 7], ['李', 6], ['张', 6], ['丘', 5],
  ['邱', 4], ['古', 4], ['曾', 4], ['罗', 4], ['赖', 4], ['温', 4], ['廖', 3], ['谢', 3], ['汤', 3],
  ['吴', 3], ['杨', 3], ['何', 2], ['叶', 2], ['朱', 2], ['胡', 2], ['蓝', 2], ['宋', 2], ['梁', 2],
  ['巫', 1], ['卢', 1], ['饶', 1], ['郭', 1], ['戴', 1], ['傅', 1], ['钱', 1], ['彭', 1], ['萧', 1],
];

const GIVEN_FEMALE = [
  '秀', '丽', '敏', '静', '芳', '婷', '娟', '燕', '霞', '红', '玲', '琴', '慧', '佳', '雪', '梅', '兰',
  '洁', '颖', '萍', '淑', '莉', '晓', '欣', '思', '雅', '文', '春', '月', '美', '珍', '晴', '媛', '琳',
];
const GIVEN_MALE = [
  '伟', '强', '军', '斌', '勇', '杰', '涛', '明', '辉', '华', '峰', '平', '东', '俊', '建', '志', '国',
  '文', '海', '新', '宏', '锋', '健', '振', '德', '耀', '荣', '彬', '鹏', '永', '庆', '生', '金', '林',
];

/** A name not yet in `taken` (which the function updates). */
export function personName(rng: Rng, gender: 'male' | 'female', taken: Set<string>): string {
  const given = gender === 'female' ? GIVEN_FEMALE : GIVEN_MALE;
  for (let attempt = 0; attempt < 50; attempt++) {
    const surname = rng.weighted(SURNAMES);
    const first = rng.pick(given);
    const name = rng.chance(0.2) ? surname + first : surname + first + rng.pick(given);
    if (name.length >= 2 && !taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  // Extremely unlikely: fall back to a three-character name with a distinguishing character.
  let i = 0;
  for (;;) {
    const name = rng.weighted(SURNAMES) + rng.pick(given) + rng.pick(given) + rng.pick(given);
    if (!taken.has(name) || i++ > 1000) {
      taken.add(name);
      return name;
    }
  }
}
