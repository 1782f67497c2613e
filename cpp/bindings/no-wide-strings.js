// no-wide-strings.js: an Emscripten JS library (CMakeLists.txt links it with --js-library).
// Embind registers std::wstring with a UTF-16/UTF-32 converter in every module; poolgrad's
// bindings pass no wide string, so the registration is a no-op here and the converters (3 KB of
// glue) drop out. A binding that used std::wstring would then fail to load, loudly: Embind
// reports the unbound type.
mergeInto(LibraryManager.library, {
  _embind_register_std_wstring: function () {},
});
