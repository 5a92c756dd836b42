import { FSI, isolateOtherDirection, PDI } from '../../shared/text/bidi';

/** Right-to-left labels keep embedded Latin in order, and the other way round (issue #18, item 3). */
describe('isolateOtherDirection', () => {
  it('isolates a Latin run inside Persian, slash and digits with it', () => {
    expect(isolateOtherDirection('تأیید صلاحیت آزمایشگاه ISO/IEC 17025', 'rtl')).toBe(`تأیید صلاحیت آزمایشگاه ${FSI}ISO/IEC 17025${PDI}`);
  });

  it('isolates a Persian run inside French, its zero-width non-joiner kept', () => {
    expect(isolateOtherDirection('Rôle هیئت‌مدیره', 'ltr')).toBe(`Rôle ${FSI}هیئت‌مدیره${PDI}`);
  });

  it('leaves text of one direction alone, and a label wholly of the other', () => {
    expect(isolateOtherDirection('خزانه‌دار', 'rtl')).toBe('خزانه‌دار');
    expect(isolateOtherDirection('Trésorier', 'ltr')).toBe('Trésorier');
    expect(isolateOtherDirection('ISO 9001', 'rtl')).toBe('ISO 9001');
  });

  it('does not isolate twice', () => {
    const once = isolateOtherDirection('النوع A', 'rtl');
    expect(once).toBe(`النوع ${FSI}A${PDI}`);
    expect(isolateOtherDirection(once, 'rtl')).toBe(once);
  });
});
