/// \file
/// Constant tables of langevin/math.hpp. Generated once with mpmath at 300-bit precision
/// (each entry correctly rounded to the stored type; hi parts of split constants are
/// rounded to the stated multiple so that the products and sums that use them are exact).
/// Not part of the public API.
#ifndef LANGEVIN_DETAIL_MATH_TABLES_HPP
#define LANGEVIN_DETAIL_MATH_TABLES_HPP

#include "../config.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {
namespace math {
namespace detail {

// exp: 2^(j/32), j = 0..31, as hi + lo (double and float).
inline constexpr double exp2_table_double[32][2] = {
    {0x1p+0, 0.0},
    {0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55},
    {0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54},
    {0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54},
    {0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55},
    {0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54},
    {0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54},
    {0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55},
    {0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55},
    {0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54},
    {0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55},
    {0x1.44e086061892dp+0, 0x1.89b7a04ef80dp-59},
    {0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56},
    {0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55},
    {0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54},
    {0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54},
    {0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54},
    {0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55},
    {0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55},
    {0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54},
    {0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54},
    {0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57},
    {0x1.9c49182a3f09p+0, 0x1.c7c46b071f2bep-56},
    {0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54},
    {0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54},
    {0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56},
    {0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55},
    {0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56},
    {0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55},
    {0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54},
    {0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54},
    {0x1.f50765b6e454p+0, 0x1.9d3e12dd8a18bp-54},
};
inline constexpr float exp2_table_float[32][2] = {
    {0x1p+0f, 0.0f},
    {0x1.059b0ep+0f, -0x1.9d4f52p-25f},
    {0x1.0b5586p+0f, 0x1.9f3122p-25f},
    {0x1.11301ep+0f, -0x1.fdb496p-25f},
    {0x1.172b84p+0f, -0x1.c15742p-27f},
    {0x1.1d4874p+0f, -0x1.d2e8cap-25f},
    {0x1.2387a6p+0f, 0x1.ceac48p-25f},
    {0x1.29e9ep+0f, -0x1.5c0424p-25f},
    {0x1.306fep+0f, 0x1.4636e2p-25f},
    {0x1.371a74p+0f, -0x1.18aac6p-25f},
    {0x1.3dea64p+0f, 0x1.824684p-25f},
    {0x1.44e086p+0f, 0x1.8624b4p-30f},
    {0x1.4bfdaep+0f, -0x1.593abcp-25f},
    {0x1.5342b6p+0f, -0x1.2c561p-25f},
    {0x1.5ab07ep+0f, -0x1.5bd5ecp-27f},
    {0x1.6247ecp+0f, -0x1.f8b55p-25f},
    {0x1.6a09e6p+0f, 0x1.9fcef4p-26f},
    {0x1.71f75ep+0f, 0x1.1d8beep-25f},
    {0x1.7a1148p+0f, -0x1.829fdp-25f},
    {0x1.82589ap+0f, -0x1.accc7cp-26f},
    {0x1.8ace54p+0f, 0x1.15506ep-27f},
    {0x1.93737cp+0f, -0x1.e64744p-25f},
    {0x1.9c4918p+0f, 0x1.51f848p-27f},
    {0x1.a5503cp+0f, -0x1.b83b54p-25f},
    {0x1.ae89fap+0f, -0x1.a94b14p-26f},
    {0x1.b7f77p+0f, -0x1.a09438p-25f},
    {0x1.c199bep+0f, -0x1.3d56b2p-27f},
    {0x1.cb720ep+0f, -0x1.8837ccp-27f},
    {0x1.d5818ep+0f, -0x1.822dbcp-27f},
    {0x1.dfc974p+0f, -0x1.908c94p-25f},
    {0x1.ea4afap+0f, 0x1.52486cp-27f},
    {0x1.f50766p+0f, -0x1.246ebp-26f},
};
// log: c_j = 1 + j/64 for j = -19..27: {c_j, 1/c_j, log(c_j) hi (multiple of 2^-42), lo}.
inline constexpr double log_table_double[47][4] = {
    {0x1.68p-1, 0x1.6c16c16c16c17p+0, -0x1.68ac83e9c7p-2, 0x1.7af966c548a3p-44},  // j = -19
    {0x1.7p-1, 0x1.642c8590b2164p+0, -0x1.522ae0738ap-2, -0x1.ebe708164c759p-45},  // j = -18
    {0x1.78p-1, 0x1.5c9882b931057p+0, -0x1.3c25277333p-2, -0x1.83b54b606bd5cp-46},  // j = -17
    {0x1.8p-1, 0x1.5555555555555p+0, -0x1.269621134ep-2, 0x1.1b61f10522625p-44},  // j = -16
    {0x1.88p-1, 0x1.4e5e0a72f0539p+0, -0x1.1178e8227ep-2, -0x1.1ef78ce2d07f2p-44},  // j = -15
    {0x1.9p-1, 0x1.47ae147ae147bp+0, -0x1.f991c6cb3cp-3, 0x1.90d04cd7cc834p-44},  // j = -14
    {0x1.98p-1, 0x1.4141414141414p+0, -0x1.d1037f2656p-3, 0x1.84a7e75b6f6e4p-47},  // j = -13
    {0x1.ap-1, 0x1.3b13b13b13b14p+0, -0x1.a93ed3c8aep-3, 0x1.8724350562169p-45},  // j = -12
    {0x1.a8p-1, 0x1.3521cfb2b78c1p+0, -0x1.823c16551ap-3, -0x1.e0ddb9a631e83p-46},  // j = -11
    {0x1.bp-1, 0x1.2f684bda12f68p+0, -0x1.5bf406b544p-3, 0x1.27023eb68981cp-46},  // j = -10
    {0x1.b8p-1, 0x1.29e4129e4129ep+0, -0x1.365fcb015ap-3, 0x1.fd3a0afb9691bp-44},  // j = -9
    {0x1.cp-1, 0x1.2492492492492p+0, -0x1.1178e8227ep-3, -0x1.1ef78ce2d07f2p-45},  // j = -8
    {0x1.c8p-1, 0x1.1f7047dc11f7p+0, -0x1.da72763844p-4, -0x1.a89401fa71733p-46},  // j = -7
    {0x1.dp-1, 0x1.1a7b9611a7b96p+0, -0x1.9335e5d594p-4, -0x1.3115c3abd47dap-45},  // j = -6
    {0x1.d8p-1, 0x1.15b1e5f75270dp+0, -0x1.4d3115d208p-4, 0x1.53a2582f4e1efp-48},  // j = -5
    {0x1.ep-1, 0x1.1111111111111p+0, -0x1.08598b59e4p-4, 0x1.7e5dd7009902cp-46},  // j = -4
    {0x1.e8p-1, 0x1.0c9714fbcda3bp+0, -0x1.894aa149f8p-5, -0x1.9a19a8be97661p-44},  // j = -3
    {0x1.fp-1, 0x1.0842108421084p+0, -0x1.0415d89e78p-5, 0x1.dddc7f461c516p-44},  // j = -2
    {0x1.f8p-1, 0x1.041041041041p+0, -0x1.020565893p-6, -0x1.611d27c8e8417p-44},  // j = -1
    {0x1p+0, 0x1p+0, 0.0, 0.0},  // j = 0
    {0x1.04p+0, 0x1.f81f81f81f82p-1, 0x1.fc0a8b0fcp-7, 0x1.f1e7cf6d3a69cp-50},  // j = 1
    {0x1.08p+0, 0x1.f07c1f07c1f08p-1, 0x1.f829b0e78p-6, 0x1.980267c7e09e4p-45},  // j = 2
    {0x1.0cp+0, 0x1.e9131abf0b767p-1, 0x1.77458f633p-5, -0x1.181dce586af09p-44},  // j = 3
    {0x1.1p+0, 0x1.e1e1e1e1e1e1ep-1, 0x1.f0a30c0118p-5, -0x1.d599e83368e91p-45},  // j = 4
    {0x1.14p+0, 0x1.dae6076b981dbp-1, 0x1.341d7961bcp-4, 0x1.1d0929983761p-44},  // j = 5
    {0x1.18p+0, 0x1.d41d41d41d41dp-1, 0x1.6f0d28ae58p-4, -0x1.4b4641b664613p-44},  // j = 6
    {0x1.1cp+0, 0x1.cd85689039b0bp-1, 0x1.a926d3a4acp-4, 0x1.563650bd22a9cp-44},  // j = 7
    {0x1.2p+0, 0x1.c71c71c71c71cp-1, 0x1.e27076e2bp-4, -0x1.a342c2af0003cp-45},  // j = 8
    {0x1.24p+0, 0x1.c0e070381c0ep-1, 0x1.0d77e7cd08p-3, 0x1.cb2cd2ee2f482p-44},  // j = 9
    {0x1.28p+0, 0x1.bacf914c1badp-1, 0x1.29552f82p-3, -0x1.5b967f4471dfcp-44},  // j = 10
    {0x1.2cp+0, 0x1.b4e81b4e81b4fp-1, 0x1.44d2b6ccb8p-3, -0x1.70cc16135783cp-46},  // j = 11
    {0x1.3p+0, 0x1.af286bca1af28p-1, 0x1.5ff3070a7ap-3, -0x1.8586f183bebf2p-44},  // j = 12
    {0x1.34p+0, 0x1.a98ef606a63bep-1, 0x1.7ab890210ep-3, -0x1.bdb9072534a58p-45},  // j = 13
    {0x1.38p+0, 0x1.a41a41a41a41ap-1, 0x1.9525a9cf46p-3, -0x1.297137d9f158fp-44},  // j = 14
    {0x1.3cp+0, 0x1.9ec8e951033d9p-1, 0x1.af3c94e80cp-3, -0x1.a4e633fcd9066p-52},  // j = 15
    {0x1.4p+0, 0x1.999999999999ap-1, 0x1.c8ff7c79aap-3, -0x1.7794f689f8434p-45},  // j = 16
    {0x1.44p+0, 0x1.948b0fcd6e9ep-1, 0x1.e27076e2bp-3, -0x1.a342c2af0003cp-44},  // j = 17
    {0x1.48p+0, 0x1.8f9c18f9c18fap-1, 0x1.fb9186d5e4p-3, -0x1.d572aab993c87p-47},  // j = 18
    {0x1.4cp+0, 0x1.8acb90f6bf3aap-1, 0x1.0a324e2739p-2, 0x1.c6bee7ef4030ep-47},  // j = 19
    {0x1.5p+0, 0x1.8618618618618p-1, 0x1.1675cababap-2, 0x1.8380e731f55c4p-44},  // j = 20
    {0x1.54p+0, 0x1.8181818181818p-1, 0x1.22941fbcf8p-2, -0x1.a6976f5eb0963p-44},  // j = 21
    {0x1.58p+0, 0x1.7d05f417d05f4p-1, 0x1.2e8e2bae12p-2, -0x1.67b1e99b72bd8p-45},  // j = 22
    {0x1.5cp+0, 0x1.78a4c8178a4c8p-1, 0x1.3a64c55694p-2, 0x1.7a71cbcd735dp-44},  // j = 23
    {0x1.6p+0, 0x1.745d1745d1746p-1, 0x1.4618bc21c6p-2, -0x1.3d82f484c84ccp-46},  // j = 24
    {0x1.64p+0, 0x1.702e05c0b817p-1, 0x1.51aad872ep-2, -0x1.f4bd8db0a7cc1p-44},  // j = 25
    {0x1.68p+0, 0x1.6c16c16c16c17p-1, 0x1.5d1bdbf581p-2, -0x1.8d6bdc9c7c238p-44},  // j = 26
    {0x1.6cp+0, 0x1.6816816816817p-1, 0x1.686c81e9b1p-2, 0x1.2bb110af84054p-44},  // j = 27
};
// log: c_j = 1 + j/32 for j = -9..13: {c_j, 1/c_j, log(c_j) hi (multiple of 2^-16), lo}.
inline constexpr float log_table_float[23][4] = {
    {0x1.7p-1f, 0x1.642c86p+0f, -0x1.522cp-2f, 0x1.1f8c76p-18f},  // j = -9
    {0x1.8p-1f, 0x1.555556p+0f, -0x1.2698p-2f, 0x1.deecb2p-18f},  // j = -8
    {0x1.9p-1f, 0x1.47ae14p+0f, -0x1.f99p-3f, -0x1.c6cb3cp-19f},  // j = -7
    {0x1.ap-1f, 0x1.3b13b2p+0f, -0x1.a94p-3f, 0x1.2c3752p-19f},  // j = -6
    {0x1.bp-1f, 0x1.2f684cp+0f, -0x1.5bf8p-3f, 0x1.fca55ep-18f},  // j = -5
    {0x1.cp-1f, 0x1.24924ap+0f, -0x1.1178p-3f, -0x1.d044fcp-20f},  // j = -4
    {0x1.dp-1f, 0x1.1a7b96p+0f, -0x1.933p-4f, -0x1.797566p-18f},  // j = -3
    {0x1.ep-1f, 0x1.111112p+0f, -0x1.086p-4f, 0x1.9d2988p-18f},  // j = -2
    {0x1.fp-1f, 0x1.08421p+0f, -0x1.042p-5f, 0x1.44ec32p-18f},  // j = -1
    {0x1p+0f, 0x1p+0f, 0.0f, 0.0f},  // j = 0
    {0x1.08p+0f, 0x1.f07c2p-1f, 0x1.f84p-6f, -0x1.64f188p-18f},  // j = 1
    {0x1.1p+0f, 0x1.e1e1e2p-1f, 0x1.f0ap-5f, 0x1.86008cp-20f},  // j = 2
    {0x1.18p+0f, 0x1.d41d42p-1f, 0x1.6f1p-4f, -0x1.6ba8d4p-19f},  // j = 3
    {0x1.2p+0f, 0x1.c71c72p-1f, 0x1.e27p-4f, 0x1.db8abcp-22f},  // j = 4
    {0x1.28p+0f, 0x1.bacf92p-1f, 0x1.2958p-3f, -0x1.683fp-18f},  // j = 5
    {0x1.3p+0f, 0x1.af286cp-1f, 0x1.5ffp-3f, 0x1.83853cp-18f},  // j = 6
    {0x1.38p+0f, 0x1.a41a42p-1f, 0x1.9528p-3f, -0x1.2b185ep-18f},  // j = 7
    {0x1.4p+0f, 0x1.99999ap-1f, 0x1.c9p-3f, -0x1.070cacp-20f},  // j = 8
    {0x1.48p+0f, 0x1.8f9c18p-1f, 0x1.fb9p-3f, 0x1.86d5e4p-19f},  // j = 9
    {0x1.5p+0f, 0x1.861862p-1f, 0x1.1674p-2f, 0x1.cababap-18f},  // j = 10
    {0x1.58p+0f, 0x1.7d05f4p-1f, 0x1.2e9p-2f, -0x1.d451eep-18f},  // j = 11
    {0x1.6p+0f, 0x1.745d18p-1f, 0x1.4618p-2f, 0x1.78438cp-19f},  // j = 12
    {0x1.68p+0f, 0x1.6c16c2p-1f, 0x1.5d1cp-2f, -0x1.2053fcp-21f},  // j = 13
};
inline constexpr double ln2_hi_double = 0x1.62e42fefa38p-1;
inline constexpr double ln2_lo_double = 0x1.ef35793c7673p-45;
inline constexpr float ln2_hi_float = 0x1.62e4p-1f;
inline constexpr float ln2_lo_float = 0x1.7f7d1cp-20f;
inline constexpr double ln2_over_32_hi_double = 0x1.62e42ffp-6;
inline constexpr double ln2_over_32_lo_double = -0x1.718432a1b0e26p-40;
inline constexpr float ln2_over_32_hi_float = 0x1.63p-6f;
inline constexpr float ln2_over_32_lo_float = -0x1.bd0106p-18f;
inline constexpr double inv_ln2_times_32_double = 0x1.71547652b82fep+5;
inline constexpr float inv_ln2_times_32_float = 0x1.715476p+5f;
inline constexpr double pi_hi_double = 0x1.921fb58p+1;
inline constexpr double pi_lo_double = -0x1.dde973dcb3b3ap-26;
inline constexpr double half_pi_squared_hi_double = 0x1.3bd3cc9be45dep+2;
inline constexpr double half_pi_squared_lo_double = 0x1.692b71366cc04p-52;
// sin(pi r) = pi r + r^3 S(r^2): S coefficients (-1)^k pi^(2k+1)/(2k+1)!, k = 1..8
inline constexpr double sin_pi_coefficients_double[8] = {-0x1.4abbce625be53p+2, 0x1.466bc6775aae2p+1, -0x1.32d2cce62bd86p-1, 0x1.50783487ee782p-4, -0x1.e3074fde8871fp-8, 0x1.e8f434d018d63p-12, -0x1.6fadb9f155744p-16, 0x1.aaec32af93359p-21};
// cos(pi r) = 1 - pi^2 r^2 / 2 + r^4 C(r^2): C coefficients (-1)^k pi^(2k)/(2k)!, k = 2..9
inline constexpr double cos_pi_coefficients_double[8] = {0x1.03c1f081b5ac4p+2, -0x1.55d3c7e3cbffap+0, 0x1.e1f506891babbp-3, -0x1.a6d1f2a204a8cp-6, 0x1.f9d38a3763cc3p-10, -0x1.b6e24f44b128fp-14, 0x1.20c62c2f2d7f5p-18, -0x1.2a0c591af8314p-23};
inline constexpr float pi_hi_float = 0x1.922p+1f;
inline constexpr float pi_lo_float = -0x1.2aeef4p-17f;
inline constexpr float half_pi_squared_hi_float = 0x1.3bd3ccp+2f;
inline constexpr float half_pi_squared_lo_float = 0x1.37c8bcp-23f;
// sin(pi r) = pi r + r^3 S(r^2): S coefficients (-1)^k pi^(2k+1)/(2k+1)!, k = 1..5
inline constexpr float sin_pi_coefficients_float[5] = {-0x1.4abbcep+2f, 0x1.466bc6p+1f, -0x1.32d2ccp-1f, 0x1.507834p-4f, -0x1.e3075p-8f};
// cos(pi r) = 1 - pi^2 r^2 / 2 + r^4 C(r^2): C coefficients (-1)^k pi^(2k)/(2k)!, k = 2..5
inline constexpr float cos_pi_coefficients_float[4] = {0x1.03c1fp+2f, -0x1.55d3c8p+0f, 0x1.e1f506p-3f, -0x1.a6d1f2p-6f};

}  // namespace detail
}  // namespace math
}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
