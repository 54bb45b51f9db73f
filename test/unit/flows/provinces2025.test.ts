import { describe, expect, it } from "vitest";
import { findPlace } from "../../../src/engine/directory.js";
import { loadFlows } from "../../../src/flows/loadFlows.js";
import { foldForMatch } from "../../../src/text/normalize.js";

const { directory } = loadFlows("flows", "locales");

/** CONTENT.md "The 34 provinces": each new unit and the old provinces it took in. */
const MERGED: Record<string, string[]> = {
  tuyen_quang: ["Hà Giang", "Tuyên Quang"],
  lao_cai: ["Yên Bái", "Lào Cai"],
  thai_nguyen: ["Bắc Kạn", "Thái Nguyên"],
  phu_tho: ["Vĩnh Phúc", "Hòa Bình", "Phú Thọ"],
  bac_ninh: ["Bắc Giang", "Bắc Ninh"],
  hung_yen: ["Thái Bình", "Hưng Yên"],
  hai_phong: ["Hải Dương", "Hải Phòng"],
  ninh_binh: ["Hà Nam", "Nam Định", "Ninh Bình"],
  quang_tri: ["Quảng Bình", "Quảng Trị"],
  da_nang: ["Quảng Nam", "Đà Nẵng"],
  quang_ngai: ["Kon Tum", "Quảng Ngãi"],
  gia_lai: ["Bình Định", "Gia Lai"],
  khanh_hoa: ["Ninh Thuận", "Khánh Hòa"],
  lam_dong: ["Đắk Nông", "Bình Thuận", "Lâm Đồng"],
  dak_lak: ["Phú Yên", "Đắk Lắk"],
  ho_chi_minh: ["Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"],
  dong_nai: ["Bình Phước", "Đồng Nai"],
  tay_ninh: ["Long An", "Tây Ninh"],
  can_tho: ["Sóc Trăng", "Hậu Giang", "Cần Thơ"],
  vinh_long: ["Bến Tre", "Trà Vinh", "Vĩnh Long"],
  dong_thap: ["Tiền Giang", "Đồng Tháp"],
  ca_mau: ["Bạc Liêu", "Cà Mau"],
  an_giang: ["Kiên Giang", "An Giang"],
};
const UNCHANGED: Record<string, string> = {
  ha_noi: "Hà Nội",
  hue: "Huế",
  lai_chau: "Lai Châu",
  dien_bien: "Điện Biên",
  son_la: "Sơn La",
  lang_son: "Lạng Sơn",
  quang_ninh: "Quảng Ninh",
  thanh_hoa: "Thanh Hóa",
  nghe_an: "Nghệ An",
  ha_tinh: "Hà Tĩnh",
  cao_bang: "Cao Bằng",
};

describe("the 34 provincial units of 2025 in flows/directory.yaml", () => {
  it("when the directory is loaded, then it has exactly the 34 units of the resolution", () => {
    expect(directory?.areas.map((a) => a.id).sort()).toEqual(
      [...Object.keys(MERGED), ...Object.keys(UNCHANGED)].sort(),
    );
  });

  const old = [
    ...Object.entries(MERGED).flatMap(([id, names]) => names.map((name) => [id, name] as const)),
    ...Object.entries(UNCHANGED).map(([id, name]) => [id, name] as const),
  ];
  it("when the 63 old names are listed, then there are 63", () => {
    expect(new Set(old.map(([, name]) => name)).size).toBe(63);
  });

  it.each(old)(
    "when %s's old name %s is typed with or without marks, then it is found in its unit",
    (id, name) => {
      for (const typed of [name, foldForMatch(name), `tôi ở ${name.toUpperCase()}`]) {
        const place = findPlace(directory, typed);
        expect(place?.area.id, typed).toBe(id);
        // An old name of another unit is told gently; the unit's own name is not.
        const isOwn = place?.area.name.vi.endsWith(name) || place?.area.name.vi === name;
        if (!isOwn) expect(place?.former?.name.vi, typed).toBe(name);
      }
    },
  );

  it.each([
    ["hcm", "ho_chi_minh"],
    ["tp hcm", "ho_chi_minh"],
    ["sg", "ho_chi_minh"],
    ["sài gòn", "ho_chi_minh"],
    ["Saigon", "ho_chi_minh"],
    ["hn", "ha_noi"],
    ["brvt", "ho_chi_minh"],
    ["vũng tàu", "ho_chi_minh"],
    ["hội an", "da_nang"],
    ["đà lạt", "lam_dong"],
    ["phan thiết", "lam_dong"],
    ["quy nhơn", "gia_lai"],
  ])("when the short form %s is typed, then it is found in %s", (typed, id) => {
    expect(findPlace(directory, typed)?.area.id).toBe(id);
  });

  it("when a name is near two provinces (Hà Nam, Hà Nội), then the longer exact name wins and nothing is guessed", () => {
    expect(findPlace(directory, "Hà Nam")?.area.id).toBe("ninh_binh");
    expect(findPlace(directory, "ha noi")?.area.id).toBe("ha_noi");
    expect(findPlace(directory, "ở gần chợ")).toBeUndefined();
  });
});
