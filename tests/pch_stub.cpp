// The translation unit that the tests' precompiled headers are made with (tests/CMakeLists.txt).
