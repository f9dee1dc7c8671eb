BEGIN TRANSACTION;
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);
INSERT INTO "alembic_version" VALUES('e43177bfe90b');
CREATE TABLE assignment (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	duedate DATETIME, 
	course_id VARCHAR(128) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name), 
	FOREIGN KEY(course_id) REFERENCES course (id)
);
INSERT INTO "assignment" VALUES('4971baa076214eb0ad335bbb92b05cd8','02-experience-over-explanation',NULL,'attuned');
INSERT INTO "assignment" VALUES('242a4d2a6cf74f349007f356073d9e71','04-moving-past-fixing',NULL,'attuned');
CREATE TABLE base_cell (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	notebook_id VARCHAR(32) NOT NULL, 
	type VARCHAR(50), 
	PRIMARY KEY (id), 
	UNIQUE (name, notebook_id, type), 
	FOREIGN KEY(notebook_id) REFERENCES notebook (id)
);
INSERT INTO "base_cell" VALUES('38f63a3bfdb142baa7216e1582072fb1','m2-reflect-insight-answer','f92569a07a1c4e1d8326cef6307c9c8b','GradeCell');
INSERT INTO "base_cell" VALUES('f55f4011cd3143c79e037c48ce57d567','m2-reflect-invitation-answer','f92569a07a1c4e1d8326cef6307c9c8b','GradeCell');
INSERT INTO "base_cell" VALUES('8af41b921d0546c0b7d114074700084c','m2-checkin-before-score','f92569a07a1c4e1d8326cef6307c9c8b','GradeCell');
INSERT INTO "base_cell" VALUES('283b8d1dedf84b5fbc7e473f5d76ae1b','m2-tomas-score','f92569a07a1c4e1d8326cef6307c9c8b','GradeCell');
INSERT INTO "base_cell" VALUES('cb1f9047e4044ed4944dd757eea20324','m2-linh-score','f92569a07a1c4e1d8326cef6307c9c8b','GradeCell');
INSERT INTO "base_cell" VALUES('f77263497dab4872b0246ac7343a82ae','m2-checkin-after-score','f92569a07a1c4e1d8326cef6307c9c8b','GradeCell');
INSERT INTO "base_cell" VALUES('9cbc04d28bb6492fb54a620c606a22d3','m2-kc-insight-score','f92569a07a1c4e1d8326cef6307c9c8b','GradeCell');
INSERT INTO "base_cell" VALUES('573c7afa76724b908863780b5ef5d396','m2-kc-reconsolidation-score','f92569a07a1c4e1d8326cef6307c9c8b','GradeCell');
INSERT INTO "base_cell" VALUES('5084738301824ca9835694cbbe2b72ee','m2-kc-brain-layers-score','f92569a07a1c4e1d8326cef6307c9c8b','GradeCell');
INSERT INTO "base_cell" VALUES('6068b3950e35400591e5f99011065aee','m2-reflect-insight-answer','f92569a07a1c4e1d8326cef6307c9c8b','SolutionCell');
INSERT INTO "base_cell" VALUES('ad6f666bde8746cc85f578e425516a3a','m2-reflect-invitation-answer','f92569a07a1c4e1d8326cef6307c9c8b','SolutionCell');
INSERT INTO "base_cell" VALUES('93a84d74374e4096bef64c0a4b5846e1','m2-tomas-own-words','f92569a07a1c4e1d8326cef6307c9c8b','TaskCell');
INSERT INTO "base_cell" VALUES('da791d1d6d7448a1a0f0ba6da7d5b5c5','m2-linh-own-words','f92569a07a1c4e1d8326cef6307c9c8b','TaskCell');
INSERT INTO "base_cell" VALUES('38e9fcfb838c41d1890110c827807f04','m4-reflect-urge-answer','a34a9f262654420f8cefb8b0e3e55053','GradeCell');
INSERT INTO "base_cell" VALUES('a6d59740f77b4e1895bf2927fc16a28a','m4-reflect-directive-answer','a34a9f262654420f8cefb8b0e3e55053','GradeCell');
INSERT INTO "base_cell" VALUES('6ed0760877a14cf5975807dd5008676d','m4-checkin-before-score','a34a9f262654420f8cefb8b0e3e55053','GradeCell');
INSERT INTO "base_cell" VALUES('9a59d0d6740343daa8907a064c960854','m4-kwame-score','a34a9f262654420f8cefb8b0e3e55053','GradeCell');
INSERT INTO "base_cell" VALUES('9c29904d199d4094ab44803b22e639f8','m4-priya-score','a34a9f262654420f8cefb8b0e3e55053','GradeCell');
INSERT INTO "base_cell" VALUES('c37e29aba45c4d4284eea940752876e4','m4-checkin-after-score','a34a9f262654420f8cefb8b0e3e55053','GradeCell');
INSERT INTO "base_cell" VALUES('f3e25576ba8d45239abf46ddb5e71425','m4-kc-righting-reflex-score','a34a9f262654420f8cefb8b0e3e55053','GradeCell');
INSERT INTO "base_cell" VALUES('7a365893308b4658a6e4b5bc4b4bd23b','m4-kc-fis-score','a34a9f262654420f8cefb8b0e3e55053','GradeCell');
INSERT INTO "base_cell" VALUES('61b97f97b4444da19cf73e33ea983215','m4-kc-directive-score','a34a9f262654420f8cefb8b0e3e55053','GradeCell');
INSERT INTO "base_cell" VALUES('ebf8890f51b04fa5b9f94a5bb287fc2b','m4-kc-withholding-score','a34a9f262654420f8cefb8b0e3e55053','GradeCell');
INSERT INTO "base_cell" VALUES('e5cdd64607fd4f89b93dcf8ac88ea379','m4-reflect-urge-answer','a34a9f262654420f8cefb8b0e3e55053','SolutionCell');
INSERT INTO "base_cell" VALUES('11b3d17d5403463eb01c9756ddae409f','m4-reflect-directive-answer','a34a9f262654420f8cefb8b0e3e55053','SolutionCell');
INSERT INTO "base_cell" VALUES('b56f074c1c0148008a797bf41a0f52a4','m4-kwame-own-words','a34a9f262654420f8cefb8b0e3e55053','TaskCell');
INSERT INTO "base_cell" VALUES('35dfd275091c4876afaa0867ea97c0c9','m4-priya-own-words','a34a9f262654420f8cefb8b0e3e55053','TaskCell');
CREATE TABLE comment (
	id VARCHAR(32) NOT NULL, 
	notebook_id VARCHAR(32), 
	cell_id VARCHAR(32), 
	auto_comment TEXT, 
	manual_comment TEXT, 
	PRIMARY KEY (id), 
	UNIQUE (cell_id, notebook_id), 
	FOREIGN KEY(notebook_id) REFERENCES submitted_notebook (id), 
	FOREIGN KEY(cell_id) REFERENCES base_cell (id)
);
INSERT INTO "comment" VALUES('eab1ace3e7da4745b9f121005fdf536f','5cd85076234f49778ef265a444d423d7','6068b3950e35400591e5f99011065aee',NULL,'Specific and honest; next time name what the client did next.');
INSERT INTO "comment" VALUES('19e1e97e577846edb280f0f903aade49','5cd85076234f49778ef265a444d423d7','ad6f666bde8746cc85f578e425516a3a',NULL,NULL);
INSERT INTO "comment" VALUES('5979901ec74a400eb752876eae0c5243','5cd85076234f49778ef265a444d423d7','93a84d74374e4096bef64c0a4b5846e1',NULL,NULL);
INSERT INTO "comment" VALUES('070765bde36647e6a690c4683461f55f','5cd85076234f49778ef265a444d423d7','da791d1d6d7448a1a0f0ba6da7d5b5c5',NULL,NULL);
INSERT INTO "comment" VALUES('dc37028225bf45999ed5c3fdbb166478','55cd5f636d664414adb59c2e268d7600','e5cdd64607fd4f89b93dcf8ac88ea379',NULL,NULL);
INSERT INTO "comment" VALUES('ccdb7554432e4e79b1611ddad857b11f','55cd5f636d664414adb59c2e268d7600','11b3d17d5403463eb01c9756ddae409f',NULL,NULL);
INSERT INTO "comment" VALUES('ad5fd340570d46b48c093fb5080e63e4','55cd5f636d664414adb59c2e268d7600','b56f074c1c0148008a797bf41a0f52a4',NULL,NULL);
INSERT INTO "comment" VALUES('0dd307b1d6c64628b0eb6dfc721f4d28','55cd5f636d664414adb59c2e268d7600','35dfd275091c4876afaa0867ea97c0c9',NULL,NULL);
INSERT INTO "comment" VALUES('4e986c29e65748c9a9515d9334b20d65','da5df4f2c7c04148a15c6ff57d8cf735','6068b3950e35400591e5f99011065aee',NULL,'You wrote <b>fix</b> & "solve" — what was under the urge?');
INSERT INTO "comment" VALUES('4cdff285d0354a4cae1e7cb485b45c93','da5df4f2c7c04148a15c6ff57d8cf735','ad6f666bde8746cc85f578e425516a3a',NULL,NULL);
INSERT INTO "comment" VALUES('06d2ad4b8f5b4c3b9f968a748b168676','da5df4f2c7c04148a15c6ff57d8cf735','93a84d74374e4096bef64c0a4b5846e1',NULL,NULL);
INSERT INTO "comment" VALUES('3d5701faec0a4b1697bf913b4b2c175f','da5df4f2c7c04148a15c6ff57d8cf735','da791d1d6d7448a1a0f0ba6da7d5b5c5',NULL,NULL);
INSERT INTO "comment" VALUES('a419a31d29ec4e6998b0b163355fae7b','44455c3982a440d8a28564f015ea6723','e5cdd64607fd4f89b93dcf8ac88ea379',NULL,NULL);
INSERT INTO "comment" VALUES('184651fe966a4a83b5a07c927ddf7846','44455c3982a440d8a28564f015ea6723','11b3d17d5403463eb01c9756ddae409f',NULL,NULL);
INSERT INTO "comment" VALUES('f8f90064e23842faa014ea64d27e606f','44455c3982a440d8a28564f015ea6723','b56f074c1c0148008a797bf41a0f52a4',NULL,NULL);
INSERT INTO "comment" VALUES('b22550e403954a27b7cc509d4b16958a','44455c3982a440d8a28564f015ea6723','35dfd275091c4876afaa0867ea97c0c9',NULL,NULL);
INSERT INTO "comment" VALUES('a4ea41c9553b4b44beeb26361e24dba7','71b55bebefba428c957e247b5ef760b7','6068b3950e35400591e5f99011065aee',NULL,NULL);
INSERT INTO "comment" VALUES('325c53b888ed4b01866cb251a6537954','71b55bebefba428c957e247b5ef760b7','ad6f666bde8746cc85f578e425516a3a',NULL,NULL);
INSERT INTO "comment" VALUES('af54152a655b45e09a6f074f1a191e7e','71b55bebefba428c957e247b5ef760b7','93a84d74374e4096bef64c0a4b5846e1',NULL,NULL);
INSERT INTO "comment" VALUES('9269cb9254494b22ac27334ccc709d8b','71b55bebefba428c957e247b5ef760b7','da791d1d6d7448a1a0f0ba6da7d5b5c5',NULL,NULL);
INSERT INTO "comment" VALUES('05d1bfeddb8245a18fa67b6c509c233a','23b4f21e551c434aab0750171290dd7b','e5cdd64607fd4f89b93dcf8ac88ea379',NULL,NULL);
INSERT INTO "comment" VALUES('05e9b3d4479f4130a0ecd2b76694ab29','23b4f21e551c434aab0750171290dd7b','11b3d17d5403463eb01c9756ddae409f',NULL,NULL);
INSERT INTO "comment" VALUES('a7f0501c2a424b8c96db482efeed01fb','23b4f21e551c434aab0750171290dd7b','b56f074c1c0148008a797bf41a0f52a4',NULL,NULL);
INSERT INTO "comment" VALUES('1de0b6ca836541b6b6ec69822e9709a7','23b4f21e551c434aab0750171290dd7b','35dfd275091c4876afaa0867ea97c0c9',NULL,NULL);
INSERT INTO "comment" VALUES('4e27b52e299e49278930e1af52f9978e','914c3fe3b59b40aca3fcc417a27ead9a','6068b3950e35400591e5f99011065aee','No response.',NULL);
INSERT INTO "comment" VALUES('4e756d86b207433896d5aa9ce55de29e','914c3fe3b59b40aca3fcc417a27ead9a','ad6f666bde8746cc85f578e425516a3a','No response.',NULL);
INSERT INTO "comment" VALUES('dfea91c156534ff3a477f1dba624f775','914c3fe3b59b40aca3fcc417a27ead9a','93a84d74374e4096bef64c0a4b5846e1',NULL,NULL);
INSERT INTO "comment" VALUES('57ae56aea69c4f10b25bc4d6025bd898','914c3fe3b59b40aca3fcc417a27ead9a','da791d1d6d7448a1a0f0ba6da7d5b5c5',NULL,NULL);
INSERT INTO "comment" VALUES('cd147824059a4d67a5d4b64e61034bb3','49c11d1951ed4cca897edb987b7f0ece','e5cdd64607fd4f89b93dcf8ac88ea379','No response.',NULL);
INSERT INTO "comment" VALUES('ff7069d9a1d34456acb34ca0c3244520','49c11d1951ed4cca897edb987b7f0ece','11b3d17d5403463eb01c9756ddae409f','No response.',NULL);
INSERT INTO "comment" VALUES('6def431d35c74142923d5dfa0653b572','49c11d1951ed4cca897edb987b7f0ece','b56f074c1c0148008a797bf41a0f52a4',NULL,NULL);
INSERT INTO "comment" VALUES('c266716d278641dcaeafee7d25952d8d','49c11d1951ed4cca897edb987b7f0ece','35dfd275091c4876afaa0867ea97c0c9',NULL,NULL);
CREATE TABLE course (
	id VARCHAR(128) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (id)
);
INSERT INTO "course" VALUES('attuned');
INSERT INTO "course" VALUES('default_course');
CREATE TABLE grade (
	id VARCHAR(32) NOT NULL, 
	notebook_id VARCHAR(32), 
	cell_id VARCHAR(32), 
	auto_score FLOAT, 
	manual_score FLOAT, 
	extra_credit FLOAT, 
	needs_manual_grade BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (cell_id, notebook_id), 
	FOREIGN KEY(notebook_id) REFERENCES submitted_notebook (id), 
	FOREIGN KEY(cell_id) REFERENCES base_cell (id)
);
INSERT INTO "grade" VALUES('e52fcded58c548d1947c6e716f988187','5cd85076234f49778ef265a444d423d7','38f63a3bfdb142baa7216e1582072fb1',NULL,2.0,NULL,1);
INSERT INTO "grade" VALUES('d969926baad74725bd5631073e5bd59a','5cd85076234f49778ef265a444d423d7','f55f4011cd3143c79e037c48ce57d567',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('57d6f7f1c0d34f2e975562a1ee51ea03','5cd85076234f49778ef265a444d423d7','8af41b921d0546c0b7d114074700084c',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('5ad2bfd9dff54969ba6f4ee78edcebec','5cd85076234f49778ef265a444d423d7','283b8d1dedf84b5fbc7e473f5d76ae1b',4.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('a1f9a9c68e3947b09f71364723eb2620','5cd85076234f49778ef265a444d423d7','cb1f9047e4044ed4944dd757eea20324',4.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('85c7e0b322fe4566937be1e0c17dfdf8','5cd85076234f49778ef265a444d423d7','f77263497dab4872b0246ac7343a82ae',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('40b8b4d86a3e468aa569f78671c0a160','5cd85076234f49778ef265a444d423d7','9cbc04d28bb6492fb54a620c606a22d3',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('da643ff5c62941c487275f6183b22d6b','5cd85076234f49778ef265a444d423d7','573c7afa76724b908863780b5ef5d396',2.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('5a85ab3c4d8d4192a6d3cd34886eb872','5cd85076234f49778ef265a444d423d7','5084738301824ca9835694cbbe2b72ee',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('0f045701655048458d0e32619a8e11e5','5cd85076234f49778ef265a444d423d7','93a84d74374e4096bef64c0a4b5846e1',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('7aef95c96ae64430a2930f824c81ea07','5cd85076234f49778ef265a444d423d7','da791d1d6d7448a1a0f0ba6da7d5b5c5',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('ccbb9d2f308c4237a886fe24902be72b','55cd5f636d664414adb59c2e268d7600','38e9fcfb838c41d1890110c827807f04',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('3257fdaa75d0444e83b8705a246f2f95','55cd5f636d664414adb59c2e268d7600','a6d59740f77b4e1895bf2927fc16a28a',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('bd7307c642a54ecd9827e07198a8fc8c','55cd5f636d664414adb59c2e268d7600','6ed0760877a14cf5975807dd5008676d',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('d8aa302eb4e340b9b44751101ac5b323','55cd5f636d664414adb59c2e268d7600','9a59d0d6740343daa8907a064c960854',4.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('f6ceb1f68eee42b8b4315237fbc0af41','55cd5f636d664414adb59c2e268d7600','9c29904d199d4094ab44803b22e639f8',4.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('7edf9f6739e846e89af74c054a062cfa','55cd5f636d664414adb59c2e268d7600','c37e29aba45c4d4284eea940752876e4',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('fd630dd1a488479096a782367dc00299','55cd5f636d664414adb59c2e268d7600','f3e25576ba8d45239abf46ddb5e71425',2.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('742bb716fb6e479cbef3e4deedb3d66e','55cd5f636d664414adb59c2e268d7600','7a365893308b4658a6e4b5bc4b4bd23b',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('9c7630497ddf47199726dfd2dd32640f','55cd5f636d664414adb59c2e268d7600','61b97f97b4444da19cf73e33ea983215',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('99f010a8ff304ffca50b387d634f319b','55cd5f636d664414adb59c2e268d7600','ebf8890f51b04fa5b9f94a5bb287fc2b',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('5217f8ec4451434bb6accce5815da5c7','55cd5f636d664414adb59c2e268d7600','b56f074c1c0148008a797bf41a0f52a4',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('d4e55aa845704b8784718b6385ed9a9e','55cd5f636d664414adb59c2e268d7600','35dfd275091c4876afaa0867ea97c0c9',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('46b4fbfe0c814e52a0d40be9a9274f90','da5df4f2c7c04148a15c6ff57d8cf735','38f63a3bfdb142baa7216e1582072fb1',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('aa0aab35a69d4c229af1b205b96abee2','da5df4f2c7c04148a15c6ff57d8cf735','f55f4011cd3143c79e037c48ce57d567',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('4263d1ba70f446be945d497e095f7e4e','da5df4f2c7c04148a15c6ff57d8cf735','8af41b921d0546c0b7d114074700084c',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('86bd27cb55d14207a2ec7709c5d92f3d','da5df4f2c7c04148a15c6ff57d8cf735','283b8d1dedf84b5fbc7e473f5d76ae1b',1.4,NULL,NULL,0);
INSERT INTO "grade" VALUES('b789b48dc3d54042b92bb6f18af218c6','da5df4f2c7c04148a15c6ff57d8cf735','cb1f9047e4044ed4944dd757eea20324',1.6,NULL,NULL,0);
INSERT INTO "grade" VALUES('e8aaf470599342e8910210c6f8fcf84f','da5df4f2c7c04148a15c6ff57d8cf735','f77263497dab4872b0246ac7343a82ae',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('caeb294bb62e4ad58776571c94ea3618','da5df4f2c7c04148a15c6ff57d8cf735','9cbc04d28bb6492fb54a620c606a22d3',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('fe9d4e1cab504e72969e230d133ae038','da5df4f2c7c04148a15c6ff57d8cf735','573c7afa76724b908863780b5ef5d396',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('224b063295eb4df1a9bb64944a4b3bc2','da5df4f2c7c04148a15c6ff57d8cf735','5084738301824ca9835694cbbe2b72ee',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('2453684e63854743a010d634d135bfb7','da5df4f2c7c04148a15c6ff57d8cf735','93a84d74374e4096bef64c0a4b5846e1',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('f0768c315e0941a8bd672dce49f053d1','da5df4f2c7c04148a15c6ff57d8cf735','da791d1d6d7448a1a0f0ba6da7d5b5c5',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('f0508fe092374a0d92273bb67353d8c6','44455c3982a440d8a28564f015ea6723','38e9fcfb838c41d1890110c827807f04',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('dc87da25e7844bef92dd2a3d4e8ba8cf','44455c3982a440d8a28564f015ea6723','a6d59740f77b4e1895bf2927fc16a28a',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('fd8e513cf11d4a47b9580ab697576ecf','44455c3982a440d8a28564f015ea6723','6ed0760877a14cf5975807dd5008676d',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('93f747d98660473aada4ff577c762011','44455c3982a440d8a28564f015ea6723','9a59d0d6740343daa8907a064c960854',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('aad2ea35e7ff468faab55483ef2aaa5b','44455c3982a440d8a28564f015ea6723','9c29904d199d4094ab44803b22e639f8',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('e34983149a074509885d20af9fa477c8','44455c3982a440d8a28564f015ea6723','c37e29aba45c4d4284eea940752876e4',1.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('673a28540bc44cc192768913a7ca8d17','44455c3982a440d8a28564f015ea6723','f3e25576ba8d45239abf46ddb5e71425',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('224abfec05d14accbe8918f7f417e7e6','44455c3982a440d8a28564f015ea6723','7a365893308b4658a6e4b5bc4b4bd23b',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('c933ac9c84ab438582ab43f8d608bc30','44455c3982a440d8a28564f015ea6723','61b97f97b4444da19cf73e33ea983215',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('8f8fd92ee1504172921f4fe68f2454b7','44455c3982a440d8a28564f015ea6723','ebf8890f51b04fa5b9f94a5bb287fc2b',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('a7b6204fecc743cfaeb72ba792f033ca','44455c3982a440d8a28564f015ea6723','b56f074c1c0148008a797bf41a0f52a4',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('151b5e371633447f8d644f85a7180670','44455c3982a440d8a28564f015ea6723','35dfd275091c4876afaa0867ea97c0c9',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('cd4bdd0ed5f3449ab55571db6e10a529','71b55bebefba428c957e247b5ef760b7','38f63a3bfdb142baa7216e1582072fb1',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('0a673511e2194104a3d79a7b825469b1','71b55bebefba428c957e247b5ef760b7','f55f4011cd3143c79e037c48ce57d567',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('43fa443651d74163878e15a24dffc5a5','71b55bebefba428c957e247b5ef760b7','8af41b921d0546c0b7d114074700084c',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('79a9f3076ddf46bfa7184efb03185646','71b55bebefba428c957e247b5ef760b7','283b8d1dedf84b5fbc7e473f5d76ae1b',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('9d0629f8f1034fcf948a8ad9e4526ebf','71b55bebefba428c957e247b5ef760b7','cb1f9047e4044ed4944dd757eea20324',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('ba21c2fe2e3544a19a565a5e4670f5e8','71b55bebefba428c957e247b5ef760b7','f77263497dab4872b0246ac7343a82ae',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('828375df108544f5a1f3d1de3140ddf7','71b55bebefba428c957e247b5ef760b7','9cbc04d28bb6492fb54a620c606a22d3',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('b4e7a0404db74e938dfdfda4f1ee1b02','71b55bebefba428c957e247b5ef760b7','573c7afa76724b908863780b5ef5d396',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('779972438bea416e9eb20462a12a4b33','71b55bebefba428c957e247b5ef760b7','5084738301824ca9835694cbbe2b72ee',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('5e5baee7a9654b57a5c0e2c246b338c9','71b55bebefba428c957e247b5ef760b7','93a84d74374e4096bef64c0a4b5846e1',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('210e43b1ef844297a089a8a6a07c0a42','71b55bebefba428c957e247b5ef760b7','da791d1d6d7448a1a0f0ba6da7d5b5c5',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('357f011df19041cfb0c0ab08fae5d41a','23b4f21e551c434aab0750171290dd7b','38e9fcfb838c41d1890110c827807f04',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('258a3f9f40a845ac8bee2f44d371345f','23b4f21e551c434aab0750171290dd7b','a6d59740f77b4e1895bf2927fc16a28a',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('fe10bfd91b264b648fed852742608a3b','23b4f21e551c434aab0750171290dd7b','6ed0760877a14cf5975807dd5008676d',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('dc4112e09daf4062ab14007322640fbf','23b4f21e551c434aab0750171290dd7b','9a59d0d6740343daa8907a064c960854',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('65cf4f44201e42a2881e91aa5c4c07b0','23b4f21e551c434aab0750171290dd7b','9c29904d199d4094ab44803b22e639f8',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('277e845c7ce545b0912bc6aa48a77a6b','23b4f21e551c434aab0750171290dd7b','c37e29aba45c4d4284eea940752876e4',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('c6506495efe645b59adb871803a216af','23b4f21e551c434aab0750171290dd7b','f3e25576ba8d45239abf46ddb5e71425',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('2cf8633885f4458aa9c7ea6dca3a3f03','23b4f21e551c434aab0750171290dd7b','7a365893308b4658a6e4b5bc4b4bd23b',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('f3548edd079b4872b175a3f0b8502d44','23b4f21e551c434aab0750171290dd7b','61b97f97b4444da19cf73e33ea983215',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('8a6c94efb02e4c329aa0690ae81f8a38','23b4f21e551c434aab0750171290dd7b','ebf8890f51b04fa5b9f94a5bb287fc2b',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('4a768c35517f4fabb8f91de567e9f865','23b4f21e551c434aab0750171290dd7b','b56f074c1c0148008a797bf41a0f52a4',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('aeeb36c60cb440e3b13e5b68a0abe42a','23b4f21e551c434aab0750171290dd7b','35dfd275091c4876afaa0867ea97c0c9',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('d40fb390d29d425eb545828758673a0d','914c3fe3b59b40aca3fcc417a27ead9a','38f63a3bfdb142baa7216e1582072fb1',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('266e46d67156414c91e8e5b3dadb24c7','914c3fe3b59b40aca3fcc417a27ead9a','f55f4011cd3143c79e037c48ce57d567',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('d89df7d737154b8ab6afe6c2e95a247f','914c3fe3b59b40aca3fcc417a27ead9a','8af41b921d0546c0b7d114074700084c',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('35ec19e6c4c6433dbeb18cb6be4f4125','914c3fe3b59b40aca3fcc417a27ead9a','283b8d1dedf84b5fbc7e473f5d76ae1b',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('309f22ce684747f692cf487623b740a7','914c3fe3b59b40aca3fcc417a27ead9a','cb1f9047e4044ed4944dd757eea20324',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('d7c8764eb6a147f2a897686b208a695e','914c3fe3b59b40aca3fcc417a27ead9a','f77263497dab4872b0246ac7343a82ae',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('2a8f707c878645e8a9a7faf38e0bc30f','914c3fe3b59b40aca3fcc417a27ead9a','9cbc04d28bb6492fb54a620c606a22d3',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('ffb3c29684874304940e0962208c8269','914c3fe3b59b40aca3fcc417a27ead9a','573c7afa76724b908863780b5ef5d396',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('1259d20baa54478798a3bdadbe1ae428','914c3fe3b59b40aca3fcc417a27ead9a','5084738301824ca9835694cbbe2b72ee',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('c1d9c6a76e3548988332727d81aa0854','914c3fe3b59b40aca3fcc417a27ead9a','93a84d74374e4096bef64c0a4b5846e1',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('32027f3b1c95408895192d65ae30ef8f','914c3fe3b59b40aca3fcc417a27ead9a','da791d1d6d7448a1a0f0ba6da7d5b5c5',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('dc7a9cec94024476b62400f8abe2ae3f','49c11d1951ed4cca897edb987b7f0ece','38e9fcfb838c41d1890110c827807f04',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('8f62e74a63714a2f89d0cdda79acfd96','49c11d1951ed4cca897edb987b7f0ece','a6d59740f77b4e1895bf2927fc16a28a',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('111d7a2855e54ffcbd8d0d9a5c470062','49c11d1951ed4cca897edb987b7f0ece','6ed0760877a14cf5975807dd5008676d',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('bb90d47211c14a6c9ccc82f055d06ad6','49c11d1951ed4cca897edb987b7f0ece','9a59d0d6740343daa8907a064c960854',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('77cf53c1483141aebac8eba271ba1e2c','49c11d1951ed4cca897edb987b7f0ece','9c29904d199d4094ab44803b22e639f8',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('e7b875977cae4b5f9243d8d96c40fddc','49c11d1951ed4cca897edb987b7f0ece','c37e29aba45c4d4284eea940752876e4',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('da8bd0a1125e43db87e325cafce9772d','49c11d1951ed4cca897edb987b7f0ece','f3e25576ba8d45239abf46ddb5e71425',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('a346482f7e374723ab75eef63d9b084d','49c11d1951ed4cca897edb987b7f0ece','7a365893308b4658a6e4b5bc4b4bd23b',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('4e0311d6cb2e4f298f7a87ff256b5deb','49c11d1951ed4cca897edb987b7f0ece','61b97f97b4444da19cf73e33ea983215',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('da5fb7f8ceef44a8911b1edc520665b1','49c11d1951ed4cca897edb987b7f0ece','ebf8890f51b04fa5b9f94a5bb287fc2b',0.0,NULL,NULL,0);
INSERT INTO "grade" VALUES('e8c3b6cfaab1400191d3c376c7952006','49c11d1951ed4cca897edb987b7f0ece','b56f074c1c0148008a797bf41a0f52a4',NULL,NULL,NULL,1);
INSERT INTO "grade" VALUES('0f2980d91e8f46d5be54d8068d07bf33','49c11d1951ed4cca897edb987b7f0ece','35dfd275091c4876afaa0867ea97c0c9',NULL,NULL,NULL,1);
CREATE TABLE grade_cells (
	id VARCHAR(32) NOT NULL, 
	max_score FLOAT NOT NULL, 
	cell_type VARCHAR(8) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(id) REFERENCES base_cell (id)
);
INSERT INTO "grade_cells" VALUES('38f63a3bfdb142baa7216e1582072fb1',15.0,'markdown');
INSERT INTO "grade_cells" VALUES('f55f4011cd3143c79e037c48ce57d567',15.0,'markdown');
INSERT INTO "grade_cells" VALUES('8af41b921d0546c0b7d114074700084c',1.0,'code');
INSERT INTO "grade_cells" VALUES('283b8d1dedf84b5fbc7e473f5d76ae1b',4.0,'code');
INSERT INTO "grade_cells" VALUES('cb1f9047e4044ed4944dd757eea20324',4.0,'code');
INSERT INTO "grade_cells" VALUES('f77263497dab4872b0246ac7343a82ae',1.0,'code');
INSERT INTO "grade_cells" VALUES('9cbc04d28bb6492fb54a620c606a22d3',1.0,'code');
INSERT INTO "grade_cells" VALUES('573c7afa76724b908863780b5ef5d396',2.0,'code');
INSERT INTO "grade_cells" VALUES('5084738301824ca9835694cbbe2b72ee',1.0,'code');
INSERT INTO "grade_cells" VALUES('38e9fcfb838c41d1890110c827807f04',15.0,'markdown');
INSERT INTO "grade_cells" VALUES('a6d59740f77b4e1895bf2927fc16a28a',15.0,'markdown');
INSERT INTO "grade_cells" VALUES('6ed0760877a14cf5975807dd5008676d',1.0,'code');
INSERT INTO "grade_cells" VALUES('9a59d0d6740343daa8907a064c960854',4.0,'code');
INSERT INTO "grade_cells" VALUES('9c29904d199d4094ab44803b22e639f8',4.0,'code');
INSERT INTO "grade_cells" VALUES('c37e29aba45c4d4284eea940752876e4',1.0,'code');
INSERT INTO "grade_cells" VALUES('f3e25576ba8d45239abf46ddb5e71425',2.0,'code');
INSERT INTO "grade_cells" VALUES('7a365893308b4658a6e4b5bc4b4bd23b',1.0,'code');
INSERT INTO "grade_cells" VALUES('61b97f97b4444da19cf73e33ea983215',1.0,'code');
INSERT INTO "grade_cells" VALUES('ebf8890f51b04fa5b9f94a5bb287fc2b',1.0,'code');
CREATE TABLE notebook (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	assignment_id VARCHAR(32), 
	kernelspec VARCHAR(1024), 
	PRIMARY KEY (id), 
	UNIQUE (name, assignment_id), 
	FOREIGN KEY(assignment_id) REFERENCES assignment (id)
);
INSERT INTO "notebook" VALUES('f92569a07a1c4e1d8326cef6307c9c8b','02-experience-over-explanation','4971baa076214eb0ad335bbb92b05cd8','{"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}');
INSERT INTO "notebook" VALUES('a34a9f262654420f8cefb8b0e3e55053','04-moving-past-fixing','242a4d2a6cf74f349007f356073d9e71','{"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}');
CREATE TABLE solution_cells (
	id VARCHAR(32) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(id) REFERENCES base_cell (id)
);
INSERT INTO "solution_cells" VALUES('6068b3950e35400591e5f99011065aee');
INSERT INTO "solution_cells" VALUES('ad6f666bde8746cc85f578e425516a3a');
INSERT INTO "solution_cells" VALUES('e5cdd64607fd4f89b93dcf8ac88ea379');
INSERT INTO "solution_cells" VALUES('11b3d17d5403463eb01c9756ddae409f');
CREATE TABLE source_cell (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	cell_type VARCHAR(8) NOT NULL, 
	locked BOOLEAN NOT NULL, 
	source TEXT, 
	checksum VARCHAR(128), 
	notebook_id VARCHAR(32), 
	PRIMARY KEY (id), 
	UNIQUE (name, notebook_id), 
	FOREIGN KEY(notebook_id) REFERENCES notebook (id)
);
INSERT INTO "source_cell" VALUES('7e21b182424647c19c04f6c34cf672ec','m2-header','markdown',1,'# Module 2: Experience over explanation

*Attuned — the therapeutic relationship in practice* · about 100 minutes · **52 points**
(14 autograded from your exercises, 38 from your written words — reflections and your own
first words in each vignette — graded by your instructor)

**The principle.** Insight helps, but persistent emotional patterns tend to shift when a person has a new emotional experience in a safe relationship — ideally joined with making sense of it.

**By the end you can:**
- Distinguish insight, experiencing and corrective experience in a therapy transcript.
- Critique the subcortical/cortical and memory-reconsolidation explanations and say where they are contested.
- Write a consented, paced invitation into felt experience.

**How to work in this notebook.** Run the cells from top to bottom (Shift+Enter, or *Run ▸ Run
All Cells*). Read, then work each exercise: everything is done by choosing and clicking — you
never need to write code. In vignettes, **your own words come first**: you write what you would
say to the client, then choose a response and press **Respond** to see how the client reacts,
then the supervisor''s ratings and comment. **Your first run through each
exercise is the graded one**; afterwards you can replay freely as practice. Your answers are
saved as you go in a file called `responses.jsonl` beside this notebook — please leave it
there, it is submitted with your work. Reflections are written in the marked answer cells (each
prompt says how to edit them).
Everything works with the keyboard: Tab and Shift+Tab move between controls, the arrow keys
move between the choices of one question (and step a drop-down list or a slider), Space selects
a choice, Enter or Space presses a button; in a drop-down list you can also type the number.

**Privacy.** Never write anything that could identify a real client or another person: no
names, dates, places, rare details or contact details. Use a composite (change more than one
feature) or an invented case whenever you are unsure. Do not paste clinical material into
external AI tools. Personal disclosure is always optional and is never what is graded.

**Scope.** This course is education. It is not therapy, clinical supervision, a credential or
a substitute for licensure; clinical work needs a licensed supervisor under your local rules.
The source essays are opinion pieces, and where the neuroscience is contested the course says
so. If the material stirs something difficult, pause, and talk to someone you trust, your
instructor (who can point you to counselling support kept separate from grading) or your own
therapist. Your instructor must follow the usual limits of confidentiality (risk to you or
others, and mandated reporting).','48d34c9be1d4f876e0cbfdf046579ce4','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('92fb128b9ad14ba08fad06b1e1a0ab57','m2-setup','code',1,'from attuned import CheckIn, KnowledgeCheck, TeachingModel, Vignette
from attuned import checkin_result, committed_check, vignette_result','f9ea88704437a6fc39709b4f93978427','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('0d983ca21e0e4fd486cf6f113c98b2dc','m2-reading-1','markdown',1,'## Why this module

Many clients arrive already able to explain themselves. They can tell you where a
reaction comes from, which relationship taught it and what it protects. And still, the
next time the trigger arrives, the old feeling floods in as if nothing had been learned.

This module is about that gap. Its central claim, from the neuropsychotherapy tradition
this course draws on, is that **emotional expectations tend to change through new
experience in relationship, more than through explanation alone**. We will take the
claim seriously — and look equally carefully at where the neuroscience offered for it is
a teaching simplification, or disputed.

## Insight is not nothing

Start with a correction to an easy overstatement. Insight is associated with outcome: in
a meta-analysis of 23 effect sizes (about 1,100 patients), insight gained in therapy
correlated with improvement at about *r* = .31 (Jennissen et al., 2018). That is a
meaningful association, though correlational — it does not tell us whether insight
drives change, follows it, or travels alongside something else.

Emotional experience in the session also matters. Across 43 studies, clients''
expression of emotion was associated with better outcomes (*d* = .85), and so, to a
lesser degree, was therapists'' expression (*d* = .56; Peluso & Freund, 2018). A
reasonable reading is not "experience instead of understanding" but **experience joined
with meaning-making**.

## The claim: expectations update through experience

The essays this course builds on describe emotional learning as living in fast systems
that operate largely outside awareness, and insight as a slower, verbal process that
does not automatically reach them. On this view, a client who has learned "when someone
is late, I am being left" needs more than a correct account of that learning: they need
a *felt* moment in which the expectation is met by something different — the therapist
stays, the feeling is survivable, the shame is received rather than judged. Repeated,
such moments can change what the client''s body expects of relationships.

Two bodies of research are often cited in support:

- **Memory reconsolidation.** When an emotional memory is reactivated and something
  does not fit what it predicts (a *prediction error*), the memory may briefly become
  open to revision. Lane and colleagues (2015) proposed this as a mechanism shared
  across therapies, and coherence therapy is built around it (Ecker, Ticic & Hulley,
  2012).
- **Inhibitory learning in exposure.** Exposure therapy appears to work less by erasing
  fear than by building a new, competing association; the old one persists and can
  return (Craske et al., 2014). New learning has to be made strong, varied and
  accessible.

## Honesty flags: what is contested

> **Read this section as part of the content, not as small print.**

- **Reconsolidation in humans is mixed.** A major review found the human evidence
  inconsistent (Elsey, Van Ast & Kindt, 2018), and a registered replication of the
  retrieval–extinction effect did not reproduce it (Chalkia et al., 2020). Ecker (2024)
  argues that failed studies lacked a genuine prediction error; others are not
  persuaded. Treat "the memory is rewritten" as a hypothesis.
- **Coherence therapy** is supported by case reports, not randomised trials.
- **The layered brain is a myth.** The popular "reptilian, limbic, rational" picture of
  the brain misdescribes evolution (Cesario, Johnson & Eisthen, 2020). Emotion and
  thought are woven together across cortical and subcortical networks.
- **The "low road" is not the main road.** The idea of a fast subcortical route that
  bypasses the cortex has little support as the main story of human emotion (Pessoa &
  Adolphs, 2010).

So when this course says "the emotional brain changes through experience", read it as
a **useful clinical heuristic**: explanation alone often leaves felt expectations
untouched; experience in a safe relationship, made sense of together, often does not.

## What this looks like in the room

An experiential invitation is not a technique done *to* a client. It is offered:

1. **Consent** — "Would you be willing to…?"
2. **Pacing** — slowly, in small steps, with the client setting the speed.
3. **A way out** — "We can stop whenever you like."
4. **Company** — the therapist stays present and steady, and says so.
5. **Meaning-making afterwards** — "What was that like?" joins the experience to
   understanding.

You will now try this with two clients. Notice your own state first.','2f845c53fc2acf87b3959dff35ea8fa8','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('5b16eb3f74b44dcc982d1a52ab529e58','m2-checkin-before-widget','code',1,'CheckIn("m2.checkin-before")','a3744e228ed8e609c27e0337ccd633b1','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('c6401b56cb3d406497f49ea9ce2cec8b','m2-reading-2','markdown',1,'## Vignette 1: Tomás','2af9eba70e1a669714194e5073f64189','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('ab42618e8e494025a0739c15136a699f','m2-tomas-steps','markdown',1,'**Your own words come first.** Before any option appears, write what you would say to Tomás
right now, as you would say it — at least 5 words, because it takes a short sentence to name what the client may be feeling and how you would answer it — and press **Save my words**. Then the
options appear: choose the response you would give and press **Respond**. You see how Tomás
reacts, then the supervisor''s ratings on the five qualities (attunement, respect, warmth,
repair, presence; 0–2 each) and a comment. Your **first run is graded**, your own words with it;
when the path ends, **Replay in practice mode** lets you walk it again as often as you like.','7ee89a933c5d9bb2ba9606b7ca5be71a','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('6c4b71b0064c46cbae985f0bc62f1f66','m2-tomas-widget','code',1,'Vignette("m2.tomas")','9eda3784ccdf3058892c392f9868b78c','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('de3abd96efe6486ea6e6993b3443d074','m2-reading-3','markdown',1,'## Vignette 2: Linh','1bfa959e1a4bc3dc408e640a195aff07','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('583b6a07b17743bc9f6e1b554f1029f1','m2-linh-steps','markdown',1,'**Your own words come first.** Before any option appears, write what you would say to Linh
right now, as you would say it — at least 5 words, because it takes a short sentence to name what the client may be feeling and how you would answer it — and press **Save my words**. Then the
options appear: choose the response you would give and press **Respond**. You see how Linh
reacts, then the supervisor''s ratings on the five qualities (attunement, respect, warmth,
repair, presence; 0–2 each) and a comment. Your **first run is graded**, your own words with it;
when the path ends, **Replay in practice mode** lets you walk it again as often as you like.','95866c8ed77f9e21295df4f292ec92a9','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('4cef8e29c79d40ae8a2f35772d34035c','m2-linh-widget','code',1,'Vignette("m2.linh")','9866b130c919c08d1e4f0e6f14a69419','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('bff54b7e95b04fb6b1bf3e132ef34400','m2-checkin-after-widget','code',1,'CheckIn("m2.checkin-after")','a629f5b7bec46029ed43444aa30197c8','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('a0f009493f7a4d0990b5c1f96a91380f','m2-reading-4','markdown',1,'## A teaching model: insight and felt expectation

The model below is a **deliberately simple cartoon, not physiology**. It tracks two
numbers across sessions: how well a client can *explain* a pattern, and how strongly
they still *expect* the old outcome (for example, being left). Insight sessions raise
the explanation quickly but move the felt expectation only a little; safe, new
experiences that disconfirm the expectation move it more, especially when they are
repeated and when the relationship feels safe enough for the experience to be taken in.
The numbers are invented for teaching. Use the sliders, then ask what the model leaves
out (for instance: relapse, the client''s own agency, culture, and the many therapies
that work through structured technique).','38e3e2a54c35587796c2bad727f8095b','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('d84e2304275d47eb898b9f2b93f1f1aa','m2-model-insight-vs-experience','code',1,'TeachingModel("insight-vs-experience")','3d3890fe75849c4456499757b1300472','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('c43b095151664d54a429362df2b8ce4e','m2-reading-5','markdown',1,'## Knowledge checks

One answer is graded: your first submission. Your feedback shows the answer you gave and the
points it earned; the correct answers are not printed there, so the checks stay worth doing
for later trainees. Your instructor can go through them with you.','1783a15ba0e9556f02dd10a7d5fef353','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('d7a6af8b2bb64832b25af5db734a17cb','m2-kc-insight-widget','code',1,'KnowledgeCheck("m2.kc-insight")','970bb858be73022cfc4c25c85059ba9f','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('8b6568d0ae2a403b8ca06900877b13d8','m2-kc-reconsolidation-widget','code',1,'KnowledgeCheck("m2.kc-reconsolidation")','f576ab8da440b4212f4e2d577f057e31','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('fdd46160ea574c95bdbb37bebd122278','m2-kc-brain-layers-widget','code',1,'KnowledgeCheck("m2.kc-brain-layers")','2703465f598eee4bab250f3461316a9c','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('11519697af3d4099aacd0844bd589598','m2-reading-6','markdown',1,'## Reflections

Your reflections are read and graded by your instructor with the rubric shown above
each prompt. Please **never include details that could identify a real client or
anyone else**; use a composite or invented case whenever you are unsure. Personal
disclosure is always optional.','6a90ff8b2596a72c5c702a8c9f09db44','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('a05bac361b8d409682cd157da2f7386a','m2-reflect-insight-prompt','markdown',1,'### Reflection: When knowing was not enough (15 points)

Describe a moment — from your clinical work, your training, or your own life — when understanding a pattern did not change how it felt. What, if anything, did eventually shift it? Connect your account to at least one piece of evidence from this module, and say where that evidence is limited.

*If you prefer not to use personal or clinical material:* If you would rather not use personal or clinical material, write about Tomás as if you were continuing his therapy: what would a new emotional experience in the next session look like, and how would you know whether it had happened?

**Rubric (15 points, graded by your instructor).**

| Criterion (0–3 points) | 0 | 1 | 2 | 3 |
|---|---|---|---|---|
| **C1** Specific moment | Generic statements with no moment in view. | A moment is named but stays vague. | Concrete words and actions from the moment. | A sequence you can follow — the client''s cue, your own state, your response, its effect. |
| **C2** Self-awareness (urge to fix, countertransference) | Absent, or defensive. | Names a feeling. | Links your own state to what you did. | Sees a recurring pattern, offers tentative origins and considers its impact on the client. |
| **C3** Client perspective (five qualities, culture, power) | The client appears only as an object of technique. | One-sided guess about the client. | Uses at least two of the five qualities to think about the client''s experience. | Holds several plausible client experiences, without claiming to read the client''s mind. |
| **C4** Evidence and honesty | Absent or wrong. | Overclaims (for example, presents a contested model as settled fact). | Accurate and relevant. | Accurate, relevant and says where the evidence stops. |
| **C5** Practice plan | None. | Generic ("be more present"). | A specific behaviour to try. | A measurable deliberate-practice or supervision plan with a named source of feedback. |

**Ethics gate (pass/fail):**
- Any detail that could identify a real client or third party returns the reflection unscored, for revision.
- The process of reflection is graded, never the depth of personal disclosure; a composite or invented case can earn full marks.

<div class="attuned-answer-below">

**Writing in the answer cell below.** Double-click it, or select it and press Enter, to edit
it; press Shift+Enter when you have finished, to show it as text again. If letters you type
vanish or new cells appear, the notebook was in *command mode*, where single keys are
shortcuts: click into the cell or press Enter first, then type. Save with Ctrl+S.

</div>','5d44408a64729770449113a504f6261e','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('38a11bb5f03f410db3555b430c5c38b7','m2-reflect-insight-answer','markdown',0,'YOUR ANSWER HERE','927032a0073661d7c8c4a57f82650f07','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('53195010f55346579efdece982ea62de','m2-reflect-invitation-prompt','markdown',1,'### Reflection: Scripting an experiential invitation (15 points)

Write out, word for word, how you would invite a client into a felt experience rather than an explanation — including how you would ask for consent, set the pace and offer a way out. Then note what in your own state might make you rush this, and what you would practise (and with whom) to do it well.

*If you prefer not to use personal or clinical material:* You may write the invitation for an invented client (a composite that changes more than one detail of anyone real), for example a retired teacher who explains his loneliness fluently but never seems to feel it in the room.

**Rubric (15 points, graded by your instructor).**

| Criterion (0–3 points) | 0 | 1 | 2 | 3 |
|---|---|---|---|---|
| **C1** Specific moment | Generic statements with no moment in view. | A moment is named but stays vague. | Concrete words and actions from the moment. | A sequence you can follow — the client''s cue, your own state, your response, its effect. |
| **C2** Self-awareness (urge to fix, countertransference) | Absent, or defensive. | Names a feeling. | Links your own state to what you did. | Sees a recurring pattern, offers tentative origins and considers its impact on the client. |
| **C3** Client perspective (five qualities, culture, power) | The client appears only as an object of technique. | One-sided guess about the client. | Uses at least two of the five qualities to think about the client''s experience. | Holds several plausible client experiences, without claiming to read the client''s mind. |
| **C4** Evidence and honesty | Absent or wrong. | Overclaims (for example, presents a contested model as settled fact). | Accurate and relevant. | Accurate, relevant and says where the evidence stops. |
| **C5** Practice plan | None. | Generic ("be more present"). | A specific behaviour to try. | A measurable deliberate-practice or supervision plan with a named source of feedback. |

**Ethics gate (pass/fail):**
- Any detail that could identify a real client or third party returns the reflection unscored, for revision.
- The process of reflection is graded, never the depth of personal disclosure; a composite or invented case can earn full marks.

<div class="attuned-answer-below">

**Writing in the answer cell below.** Double-click it, or select it and press Enter, to edit
it; press Shift+Enter when you have finished, to show it as text again. If letters you type
vanish or new cells appear, the notebook was in *command mode*, where single keys are
shortcuts: click into the cell or press Enter first, then type. Save with Ctrl+S.

</div>','88c5740efbc00b8dfd99adfcf5e6c2bd','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('905a605af7974bbcbff3cfc84caf4a9e','m2-reflect-invitation-answer','markdown',0,'YOUR ANSWER HERE','2c68b5169eabec783c79b4339ffe9c79','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('46dadf20a2e64719b2c070c9cbab5cd1','m2-privacy-check-intro','markdown',1,'## Privacy check

Save the notebook first (Ctrl+S), then run the cell below. It reads your written answers and
flags details that could identify a real person — names, exact dates, phone numbers, e-mail
addresses, ages together with places, record numbers. It runs only on this computer; nothing
is sent anywhere. It can flag things that are fine (a researcher''s name, say) and it cannot
catch everything: you stay responsible for what you submit.','3576e96f7f34c307a797a13b35a717b3','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('77caaf10d8c34f169f8bef848e511e5c','m2-privacy-check','code',1,'from attuned import show_privacy_check

show_privacy_check()','85c9a3a96bf0c1f1577c6e5dfd582231','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('39f420137b794e4c8a002e2c124fadff','m2-record-intro','markdown',1,'## Your record (what gets graded)

Run these cells after you have worked the exercises above. Each prints what you committed,
in words, and the points it earns. If a cell says nothing was committed, go back to that
exercise and finish it. Vignette points are **formative**: the ratings are open, and their
purpose is practice with feedback, not ranking.','768e8ee3a19be60a00aa2e9471f2422b','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('ca67eb222b3048bd8b538d65566e8780','m2-checkin-before-score','code',1,'checkin_result("m2.checkin-before", points=1)','af35b15a5d892924e301871b9ae3cd69','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('44bd2354302946e09a194829eeb7a144','m2-tomas-score','code',1,'vignette_result("m2.tomas", points=4)','b651d4f09b6e7e7449f34466a5e23437','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('09be51f0c2114fc2831eb51bb2320a62','m2-tomas-own-words','markdown',1,'**Your own first words to the client: Tomás** (4 points, graded by your instructor). Your words, as you saved them before the options appeared, are printed in the record just above.

| Criterion (1 point each) | Earns 1 | Earns 0 |
|---|---|---|
| **R1** Names the present feeling or need | At least one clause names a feeling, state or need the client has now ("you''re worn out", "you need something solid"), traceable to their words or a visible cue. Tentative wording counts, and so does echoing the client''s own feeling word. | No feeling or need is named; or only the therapist''s own, a lifelong trait, or a label with no link to this moment. "I hear you" or "that''s understandable" alone scores 0. |
| **R2** Offers choice or checks understanding | An explicit opening for the client to correct, decline or steer: a check ("have I got that right?"), an either/or or opt-out ("we can stay with this or leave it for now"), or an open question about what they want. A silence described as deliberately leaving room also counts. | No such opening, or the only question pushes the therapist''s idea or plan ("could this be about your father?"), leads ("don''t you think…?") or is rhetorical. |
| **R3** No premature fix, reassurance or interpretation | No sentence gives unasked-for advice, a technique or a plan; promises an outcome or disputes the feeling ("you''re safe", "it''ll get better"); explains the client''s cause ("this is really about…"); or lectures on evidence. Structure offered as a declinable option after a reflection, and a safety or risk question when the moment shows risk, are allowed. | At least one such sentence is present, even softened ("I wonder if this is really about…") or surrounded by good content. The grader quotes it. |
| **R4** Fits the pace | Length and tempo match the moment: brief (about two sentences, one move, at most one question) when the client is flooded, guarded or leaving; fuller only when the client is reflective, and even then at most two moves and one question, on the client''s topic. | Two or more questions in a row; several moves at once (reflect, explain, plan, ask) in a brief moment; a clipped "Okay. Go on." straight after a hard disclosure; or a change of subject. |

*Words that include identifiable client or third-party details are returned unscored for revision, as in the reflection rubric. Score the response, never how much the trainee discloses.*','01bd81bf4de93db97de3678518fc9d4f','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('8f18b7b5bd344a7c859265e0270b05f2','m2-linh-score','code',1,'vignette_result("m2.linh", points=4)','a6a53cafade9bf0ba9adf37c90e6f96c','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('7f630e79932a42baa21f887190d783eb','m2-linh-own-words','markdown',1,'**Your own first words to the client: Linh** (4 points, graded by your instructor). Your words, as you saved them before the options appeared, are printed in the record just above.

| Criterion (1 point each) | Earns 1 | Earns 0 |
|---|---|---|
| **R1** Names the present feeling or need | At least one clause names a feeling, state or need the client has now ("you''re worn out", "you need something solid"), traceable to their words or a visible cue. Tentative wording counts, and so does echoing the client''s own feeling word. | No feeling or need is named; or only the therapist''s own, a lifelong trait, or a label with no link to this moment. "I hear you" or "that''s understandable" alone scores 0. |
| **R2** Offers choice or checks understanding | An explicit opening for the client to correct, decline or steer: a check ("have I got that right?"), an either/or or opt-out ("we can stay with this or leave it for now"), or an open question about what they want. A silence described as deliberately leaving room also counts. | No such opening, or the only question pushes the therapist''s idea or plan ("could this be about your father?"), leads ("don''t you think…?") or is rhetorical. |
| **R3** No premature fix, reassurance or interpretation | No sentence gives unasked-for advice, a technique or a plan; promises an outcome or disputes the feeling ("you''re safe", "it''ll get better"); explains the client''s cause ("this is really about…"); or lectures on evidence. Structure offered as a declinable option after a reflection, and a safety or risk question when the moment shows risk, are allowed. | At least one such sentence is present, even softened ("I wonder if this is really about…") or surrounded by good content. The grader quotes it. |
| **R4** Fits the pace | Length and tempo match the moment: brief (about two sentences, one move, at most one question) when the client is flooded, guarded or leaving; fuller only when the client is reflective, and even then at most two moves and one question, on the client''s topic. | Two or more questions in a row; several moves at once (reflect, explain, plan, ask) in a brief moment; a clipped "Okay. Go on." straight after a hard disclosure; or a change of subject. |

*Words that include identifiable client or third-party details are returned unscored for revision, as in the reflection rubric. Score the response, never how much the trainee discloses.*','050e672e0142357f341185831229424c','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('fec5a05ff31248d39ecc2b93b274d47b','m2-checkin-after-score','code',1,'checkin_result("m2.checkin-after", points=1)','6ffcf98d701f50cd968ba2b7eb4d3d62','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('5b39cc1e85f643028cc96876051e2c6d','m2-kc-insight-score','code',1,'committed_check("m2.kc-insight")','4b4928d766874e88dbe95364e09c6707','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('46d66bd4dc254aad86dc1d1f39bcbd72','m2-kc-reconsolidation-score','code',1,'committed_check("m2.kc-reconsolidation")','9e36497e9071ad25eae7325d475ce041','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('0d3c62a09f234c51b7f9ea0cbefa6dcf','m2-kc-brain-layers-score','code',1,'committed_check("m2.kc-brain-layers")','eefec63460a970b9b5799500737a91f7','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('7566a78cc5da443181549570dded754c','m2-before-submit','markdown',1,'## Before you submit

1. Save the notebook (Ctrl+S).
2. Re-read your reflections for anything that could identify a real person.
3. Use **Validate** in the Assignments panel: it warns you about any exercise you have not
   committed yet. It also says "partial credit" for a vignette path or an answer that earned
   less than full points: that is expected (few paths earn every rating), and it does not
   mean anything is missing. Only the exercises it says were *not answered* need your attention.
4. Submit from the Assignments panel. Your `responses.jsonl` goes with it automatically.','3e41f969d90d848254e510cc125865f1','f92569a07a1c4e1d8326cef6307c9c8b');
INSERT INTO "source_cell" VALUES('6e30bee2872742568d7a32205a1de203','m4-header','markdown',1,'# Module 4: Moving past fixing

*Attuned — the therapeutic relationship in practice* · about 100 minutes · **53 points**
(15 autograded from your exercises, 38 from your written words — reflections and your own
first words in each vignette — graded by your instructor)

**The principle.** The wish to put a client''s pain right arrives fast and usually too early. Staying with the client''s experience first lets distress be found bearable in company; structure, advice or action then follows when the client''s preferences, cues or safety call for it.

**By the end you can:**
- Recognise and label the righting reflex — advice, interpretation or reassurance that comes too soon — in a therapy transcript.
- Reflect at the edge of a client''s experience before offering structure, and offer structure as a choice.
- Judge from the client''s preferences, cues and risk when direction is the attuned response.

**How to work in this notebook.** Run the cells from top to bottom (Shift+Enter, or *Run ▸ Run
All Cells*). Read, then work each exercise: everything is done by choosing and clicking — you
never need to write code. In vignettes, **your own words come first**: you write what you would
say to the client, then choose a response and press **Respond** to see how the client reacts,
then the supervisor''s ratings and comment. **Your first run through each
exercise is the graded one**; afterwards you can replay freely as practice. Your answers are
saved as you go in a file called `responses.jsonl` beside this notebook — please leave it
there, it is submitted with your work. Reflections are written in the marked answer cells (each
prompt says how to edit them).
Everything works with the keyboard: Tab and Shift+Tab move between controls, the arrow keys
move between the choices of one question (and step a drop-down list or a slider), Space selects
a choice, Enter or Space presses a button; in a drop-down list you can also type the number.

**Privacy.** Never write anything that could identify a real client or another person: no
names, dates, places, rare details or contact details. Use a composite (change more than one
feature) or an invented case whenever you are unsure. Do not paste clinical material into
external AI tools. Personal disclosure is always optional and is never what is graded.

**Scope.** This course is education. It is not therapy, clinical supervision, a credential or
a substitute for licensure; clinical work needs a licensed supervisor under your local rules.
The source essays are opinion pieces, and where the neuroscience is contested the course says
so. If the material stirs something difficult, pause, and talk to someone you trust, your
instructor (who can point you to counselling support kept separate from grading) or your own
therapist. Your instructor must follow the usual limits of confidentiality (risk to you or
others, and mandated reporting).','05c0b1e82eee594218bb12aa36a554eb','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('fba04f1c746e48cfbcc7e7db8a193a21','m4-setup','code',1,'from attuned import CheckIn, KnowledgeCheck, TeachingModel, Vignette
from attuned import checkin_result, committed_check, vignette_result','f16314d1dccea4a08fbcb7030147bdf4','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('2c4e64d86b004827839331a0609ec0be','m4-reading-1','markdown',1,'## Why this module

A client''s voice cracks, and something in you starts moving before you have decided
anything. A suggestion takes shape. An explanation offers itself. A comforting sentence
is halfway out. Motivational interviewing has a name for this pull: the **righting
reflex**, the helper''s urge to set things straight, which usually shows up as advice,
interpretation or reassurance offered before the other person is ready for it (Miller &
Rollnick, 2013). It grows out of care. It is also, very often, premature.

This module asks three things of you: notice the reflex, hold it long enough to learn
what the client is actually living through, and then decide — from the client''s
preferences, cues and safety — whether the next helpful move is to stay or to offer
structure. Both can be attuned. What the module questions is help that arrives before
understanding does.

## Three faces of the reflex

- **Premature advice.** A plan, a technique or a worksheet before the client feels
  heard. The hidden message can be: *this feeling is a problem to be removed.*
- **Premature interpretation.** Telling clients why they feel what they feel. Even when
  it is accurate, the conversation moves from their experience to your theory of it.
- **Premature reassurance.** "You''ll be fine." "You did nothing wrong." Kindly meant,
  and it often shuts a door the client was trying to open.

One question helps you catch it in yourself: *whose discomfort would this response
relieve?* If the honest answer is "mostly mine", the reflex may be steering.

## What staying involves

The neuropsychotherapy essay behind this course argues that when a therapist can remain
with a client''s distress rather than hurrying to resolve it, the client discovers that
the feeling can be survived, and survived with someone else present — a lesson that
explanation rarely delivers. The practice-facing essay makes the same point from the
client''s chair: help that supports rather than pushes, silence that nobody rushes to fill,
and the sense of being known rather than repaired.

Staying is active work:

- **Tracking.** Following words, pace and body closely enough to reflect what is alive
  in the client right now.
- **Letting silence belong to the client.** After something painful, a pause is often
  where the next, truer sentence is forming. You do not have to rescue it.
- **Reflecting at the edge.** Naming what the client is just reaching — a step ahead of
  their words, never ahead of their feeling: "So it isn''t only what he said. It''s what you
  did next that keeps you awake?" An edge reflection invites the client further into their
  own experience; an interpretation asks them to follow yours.
- **Offering structure afterwards, as a choice.** "Would it help, later on, to practise
  what you''d want to say?"

## When direction *is* the attuned response

Moving past fixing is not a ban on helping. Three signals tell you that guidance,
structure or action may be exactly what attunement asks of you.

1. **Preferences.** Some clients want a directive therapist and tell you so. Across 53
   studies, accommodating what clients preferred was associated with better outcomes
   (*d* = .28) and with lower dropout (odds ratio 1.79; Swift et al., 2018). Refusing
   direction to someone who has asked for it is not neutral; it can feel like being
   left alone with the problem.
2. **Cues.** A client who is flooded — breathing fast, speech in fragments, unable to
   think — may first need you to be steady, slow things down and offer one small,
   concrete next step. Reflection can come once there is enough ground to stand on.
3. **Risk.** When safety is in question, being present includes acting: asking directly
   about suicidal thoughts, planning for safety, involving others when that is needed.
   Module 03 shows this with Halina.

Attuned direction remains collaborative. It names what you see ("everything is arriving
at once"), offers structure in small pieces, keeps the client''s choices in view and asks
how it is landing.

## The evidence

The most relevant research concerns **facilitative interpersonal skills (FIS)**. In the
FIS task, therapists speak their responses to video recordings of difficult simulated
clients, and trained coders rate qualities such as warmth, empathy, hopefulness and the
capacity to work with strain. At one university counselling centre (25 therapists, 1,141
clients), therapists'' FIS ratings predicted their clients'' improvement, while the
therapists'' self-reported social skills did not (Anderson et al., 2009). In a prospective
study of 44 clinical psychology trainees, FIS measured in the first weeks of training
predicted clients'' symptom change in therapy that began more than a year later — mainly
in shorter courses of therapy (Anderson et al., 2016).

FIS does not measure "not fixing" as such. It measures how a therapist handles
interpersonally hard moments — which is precisely when the righting reflex is strongest.
It is the nearest evidence we have, not proof of this module''s particular advice.

## Honesty flags

> **Read this section as part of the content, not as small print.**

- **No trial shows that holding back strategies helps.** Structured, technique-rich
  therapies — CBT, exposure, behavioural activation, trauma-focused therapies — help many
  people. The target of this module is fixing that is premature or unattuned, not
  technique itself.
- **The FIS findings are correlational** and come from a small number of mostly
  university-based clinics. They show that skill in difficult moments goes with better
  outcomes; they do not show that any particular response causes them.
- **"Staying teaches that distress is bearable"** is a plausible clinical theory that
  fits the emotional-expression findings in module 02, but it has not been tested as a
  mechanism in its own right.
- **Staying is not the same as waiting.** When there is risk, act. Being present does
  not mean being passive.

Remember that this course is a training resource, not therapy or clinical supervision.
If a vignette touches something personal, you are welcome to take it to your own
supervisor or therapist, or to talk with the instructor.','b0af3eb29a1a50d6f28cfa34da8fa793','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('a81d05b9aae84185944b8f5c70d36666','m4-checkin-before-widget','code',1,'CheckIn("m4.checkin-before")','6492c8805b2ce3ee0f2f676395174912','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('70a0e677feab4fba95e312af75fb7ed8','m4-reading-2','markdown',1,'## Vignette 1: Kwame

Notice what your urge to fix is doing as you choose.','253cf960514e9e6d8e1b57bdb6c3507e','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('a86ab66b981d4e19919328e7c21b6a61','m4-kwame-steps','markdown',1,'**Your own words come first.** Before any option appears, write what you would say to Kwame
right now, as you would say it — at least 5 words, because it takes a short sentence to name what the client may be feeling and how you would answer it — and press **Save my words**. Then the
options appear: choose the response you would give and press **Respond**. You see how Kwame
reacts, then the supervisor''s ratings on the five qualities (attunement, respect, warmth,
repair, presence; 0–2 each) and a comment. Your **first run is graded**, your own words with it;
when the path ends, **Replay in practice mode** lets you walk it again as often as you like.','6e723779986e14394c81ca72d88ef33b','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('ccbe692374664f3f9a9c15c3d5fd81fd','m4-kwame-widget','code',1,'Vignette("m4.kwame")','f94c79df5b8e57115b505cd595fa3b26','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('a7b6bb7231ce40dab18a4bff847f7d29','m4-reading-3','markdown',1,'## Vignette 2: Priya

Here the pull is towards a good technique offered at the wrong moment. Watch where it
arises in you.','37d4545bb58a843b737177649d2fc18d','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('4cd7940df3ca4b83b4506db3d0bb0af8','m4-priya-steps','markdown',1,'**Your own words come first.** Before any option appears, write what you would say to Priya
right now, as you would say it — at least 5 words, because it takes a short sentence to name what the client may be feeling and how you would answer it — and press **Save my words**. Then the
options appear: choose the response you would give and press **Respond**. You see how Priya
reacts, then the supervisor''s ratings on the five qualities (attunement, respect, warmth,
repair, presence; 0–2 each) and a comment. Your **first run is graded**, your own words with it;
when the path ends, **Replay in practice mode** lets you walk it again as often as you like.','ec3612dabb04b4aacab6600b5dd2510a','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('8579d74e2f8a45fdb660561b6fee439a','m4-priya-widget','code',1,'Vignette("m4.priya")','d6bbb2c2a6afb2506881f2d512a8e574','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('45daace95bee41feb17e5f08ffd67544','m4-checkin-after-widget','code',1,'CheckIn("m4.checkin-after")','884a8878260972d3911931d9f5d71743','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('59925f468d0b4ac08be879cc52a1497d','m4-reading-4','markdown',1,'## Tagging the righting reflex

An invented client in his sixties, two weeks after a cancer diagnosis, says: "I can''t stop
searching online. Three in the morning, reading survival statistics." Here are five
possible replies, tagged.

| Response | Tag |
|---|---|
| "Try a rule: no searching after nine at night." | premature advice |
| "The searching is a way of trying to control something you can''t control." | premature interpretation |
| "The numbers online are usually far worse than the reality." | premature reassurance |
| "Three in the morning, alone with those numbers. What are those hours like for you?" | reflection at the edge |
| *(later, once he has described the nights)* "Would it help to think together about what you might do in those hours instead — if you''d like to?" | structure, offered as a choice |

The first three are not wrong in content: the rule might help, the interpretation might
be true, the reassurance might be accurate. They are tagged because they arrive before
the therapist knows what the nights are like for him. The last reply is the same
technique as the first, offered after understanding and with his consent.','137a188d4df964a03d0df1587920e390','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('ec2a693e200442d08e823b07fc06ef8b','m4-reading-5','markdown',1,'## Knowledge checks

One answer is graded: your first submission. Your feedback shows the answer you gave and the
points it earned; the correct answers are not printed there, so the checks stay worth doing
for later trainees. Your instructor can go through them with you.','bd2b94ea8261571011e42b3bd0df0393','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('8c67ff492ba244ddaf4d604643c917ad','m4-kc-righting-reflex-widget','code',1,'KnowledgeCheck("m4.kc-righting-reflex")','ff5cddb215807dc85c8aa2cff114c353','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('5e9fb3d6bfbc4b76bb1bef656c9ba207','m4-kc-fis-widget','code',1,'KnowledgeCheck("m4.kc-fis")','9a635ba61f194403c50e741c51f3dac4','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('a04bdf0f2ea04792b254512396b804cc','m4-kc-directive-widget','code',1,'KnowledgeCheck("m4.kc-directive")','b133b93f774318024c8f2dbf36a21111','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('e12a6fce60fb49a882dfeb1094a5e7c5','m4-kc-withholding-widget','code',1,'KnowledgeCheck("m4.kc-withholding")','3b4f7b932defd77e4add747dfe8ffaa2','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('5b8f6b9a66d6440dbc911e5ef3401222','m4-reading-6','markdown',1,'## Reflections

Your reflections are read and graded by your instructor with the rubric shown above
each prompt. Please **never include details that could identify a real client or
anyone else**; use a composite or invented case whenever you are unsure. Personal
disclosure is always optional, and a composite can earn full marks.','eb6df578a1de450a2a90e062696feab9','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('ee9901bec9f34b8d9c85384a207d8a5a','m4-reflect-urge-prompt','markdown',1,'### Reflection: The pull to put things right (15 points)

Recall a moment — from clinical work, training or your own life — when someone''s distress made you want to act quickly: advise, explain, reassure. Describe it as a sequence: what the other person said or did, what you felt (including in your body), what you did, and what followed. Then answer two questions in your own words: Did I feel pressure to intervene, and where did it come from? What might have happened if I had let the experience unfold a little longer before offering anything? Connect your account to at least one piece of evidence from this module, and say where that evidence stops.

*If you prefer not to use personal or clinical material:* If you would rather not use personal or clinical material, take one weak option from the Kwame or Priya vignette. Describe the urge that might lead a therapist to choose it, what it would relieve for the therapist, and how the moment could unfold if the therapist stayed with the client first. Rewrite the moment in your own words.

**Rubric (15 points, graded by your instructor).**

| Criterion (0–3 points) | 0 | 1 | 2 | 3 |
|---|---|---|---|---|
| **C1** Specific moment | Generic statements with no moment in view. | A moment is named but stays vague. | Concrete words and actions from the moment. | A sequence you can follow — the client''s cue, your own state, your response, its effect. |
| **C2** Self-awareness (urge to fix, countertransference) | Absent, or defensive. | Names a feeling. | Links your own state to what you did. | Sees a recurring pattern, offers tentative origins and considers its impact on the client. |
| **C3** Client perspective (five qualities, culture, power) | The client appears only as an object of technique. | One-sided guess about the client. | Uses at least two of the five qualities to think about the client''s experience. | Holds several plausible client experiences, without claiming to read the client''s mind. |
| **C4** Evidence and honesty | Absent or wrong. | Overclaims (for example, presents a contested model as settled fact). | Accurate and relevant. | Accurate, relevant and says where the evidence stops. |
| **C5** Practice plan | None. | Generic ("be more present"). | A specific behaviour to try. | A measurable deliberate-practice or supervision plan with a named source of feedback. |

**Ethics gate (pass/fail):**
- Any detail that could identify a real client or third party returns the reflection unscored, for revision.
- The process of reflection is graded, never the depth of personal disclosure; a composite or invented case can earn full marks.

<div class="attuned-answer-below">

**Writing in the answer cell below.** Double-click it, or select it and press Enter, to edit
it; press Shift+Enter when you have finished, to show it as text again. If letters you type
vanish or new cells appear, the notebook was in *command mode*, where single keys are
shortcuts: click into the cell or press Enter first, then type. Save with Ctrl+S.

</div>','0229f0d9538f27365f2b03c0997787b9','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('f7f82fcabce04c49b3ddb1d218c16ac2','m4-reflect-urge-answer','markdown',0,'YOUR ANSWER HERE','fdb9db8e14704b86232ce3fe29fe0f8d','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('97a41b76dd4949babfd5804ee26c595d','m4-reflect-directive-prompt','markdown',1,'### Reflection: When structure is the attuned response (15 points)

Describe a situation, real or invented, in which offering direction or structure would be the attuned response. Which signals — the client''s preferences, their cues in the moment, or risk — tell you so? Write out, word for word, how you would offer the structure collaboratively and how you would check that it landed. Finish with a practice plan: what exactly you would rehearse, with whom, and where your feedback would come from.

*If you prefer not to use personal or clinical material:* You may write about an invented client (a composite that changes more than one detail of anyone real) — for example, a 52-year-old sheep farmer who says in the first session that he wants "homework, not chat", and then goes quiet when his late brother comes up.

**Rubric (15 points, graded by your instructor).**

| Criterion (0–3 points) | 0 | 1 | 2 | 3 |
|---|---|---|---|---|
| **C1** Specific moment | Generic statements with no moment in view. | A moment is named but stays vague. | Concrete words and actions from the moment. | A sequence you can follow — the client''s cue, your own state, your response, its effect. |
| **C2** Self-awareness (urge to fix, countertransference) | Absent, or defensive. | Names a feeling. | Links your own state to what you did. | Sees a recurring pattern, offers tentative origins and considers its impact on the client. |
| **C3** Client perspective (five qualities, culture, power) | The client appears only as an object of technique. | One-sided guess about the client. | Uses at least two of the five qualities to think about the client''s experience. | Holds several plausible client experiences, without claiming to read the client''s mind. |
| **C4** Evidence and honesty | Absent or wrong. | Overclaims (for example, presents a contested model as settled fact). | Accurate and relevant. | Accurate, relevant and says where the evidence stops. |
| **C5** Practice plan | None. | Generic ("be more present"). | A specific behaviour to try. | A measurable deliberate-practice or supervision plan with a named source of feedback. |

**Ethics gate (pass/fail):**
- Any detail that could identify a real client or third party returns the reflection unscored, for revision.
- The process of reflection is graded, never the depth of personal disclosure; a composite or invented case can earn full marks.

<div class="attuned-answer-below">

**Writing in the answer cell below.** Double-click it, or select it and press Enter, to edit
it; press Shift+Enter when you have finished, to show it as text again. If letters you type
vanish or new cells appear, the notebook was in *command mode*, where single keys are
shortcuts: click into the cell or press Enter first, then type. Save with Ctrl+S.

</div>','cb39b911110ba819baa25becaf5d84be','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('5cd27c3c62de43a9a05a88ace3b2ab34','m4-reflect-directive-answer','markdown',0,'YOUR ANSWER HERE','27bc1f301fb2517aa3084ce05e8e6e26','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('7d0c0410389a41feb00b74b28c9ab01f','m4-privacy-check-intro','markdown',1,'## Privacy check

Save the notebook first (Ctrl+S), then run the cell below. It reads your written answers and
flags details that could identify a real person — names, exact dates, phone numbers, e-mail
addresses, ages together with places, record numbers. It runs only on this computer; nothing
is sent anywhere. It can flag things that are fine (a researcher''s name, say) and it cannot
catch everything: you stay responsible for what you submit.','2f3497cfdcf733251a7f88ef0d8b6aa0','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('fa33603627e94ba69f7f68166bd5e695','m4-privacy-check','code',1,'from attuned import show_privacy_check

show_privacy_check()','bc410880e09c3bb555fa0a623ec6f541','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('b675bc8063ad47d4a4e94902a8a05eca','m4-record-intro','markdown',1,'## Your record (what gets graded)

Run these cells after you have worked the exercises above. Each prints what you committed,
in words, and the points it earns. If a cell says nothing was committed, go back to that
exercise and finish it. Vignette points are **formative**: the ratings are open, and their
purpose is practice with feedback, not ranking.','dd8dfd209039f1d8daef69d5754a7b18','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('128f275bec3944fab124cc9932819628','m4-checkin-before-score','code',1,'checkin_result("m4.checkin-before", points=1)','f749bdc3a1777413e0fa2f47c8ca33e2','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('63b2b8f41c6f42198f3d7387f791d9a5','m4-kwame-score','code',1,'vignette_result("m4.kwame", points=4)','dd71971bd6f7273242015bfc20058d36','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('8b6e89fa07a54dbd90127c2734f77416','m4-kwame-own-words','markdown',1,'**Your own first words to the client: Kwame** (4 points, graded by your instructor). Your words, as you saved them before the options appeared, are printed in the record just above.

| Criterion (1 point each) | Earns 1 | Earns 0 |
|---|---|---|
| **R1** Names the present feeling or need | At least one clause names a feeling, state or need the client has now ("you''re worn out", "you need something solid"), traceable to their words or a visible cue. Tentative wording counts, and so does echoing the client''s own feeling word. | No feeling or need is named; or only the therapist''s own, a lifelong trait, or a label with no link to this moment. "I hear you" or "that''s understandable" alone scores 0. |
| **R2** Offers choice or checks understanding | An explicit opening for the client to correct, decline or steer: a check ("have I got that right?"), an either/or or opt-out ("we can stay with this or leave it for now"), or an open question about what they want. A silence described as deliberately leaving room also counts. | No such opening, or the only question pushes the therapist''s idea or plan ("could this be about your father?"), leads ("don''t you think…?") or is rhetorical. |
| **R3** No premature fix, reassurance or interpretation | No sentence gives unasked-for advice, a technique or a plan; promises an outcome or disputes the feeling ("you''re safe", "it''ll get better"); explains the client''s cause ("this is really about…"); or lectures on evidence. Structure offered as a declinable option after a reflection, and a safety or risk question when the moment shows risk, are allowed. | At least one such sentence is present, even softened ("I wonder if this is really about…") or surrounded by good content. The grader quotes it. |
| **R4** Fits the pace | Length and tempo match the moment: brief (about two sentences, one move, at most one question) when the client is flooded, guarded or leaving; fuller only when the client is reflective, and even then at most two moves and one question, on the client''s topic. | Two or more questions in a row; several moves at once (reflect, explain, plan, ask) in a brief moment; a clipped "Okay. Go on." straight after a hard disclosure; or a change of subject. |

*Words that include identifiable client or third-party details are returned unscored for revision, as in the reflection rubric. Score the response, never how much the trainee discloses.*','58fa451c48ef7b71b84440cb43809d9b','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('29d6c125d3d24678bd73719af916354d','m4-priya-score','code',1,'vignette_result("m4.priya", points=4)','376955a03e5cf4b37b3c87c8b9c6cc89','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('51829cf0fd6f4763bb07bdc51fb61fb1','m4-priya-own-words','markdown',1,'**Your own first words to the client: Priya** (4 points, graded by your instructor). Your words, as you saved them before the options appeared, are printed in the record just above.

| Criterion (1 point each) | Earns 1 | Earns 0 |
|---|---|---|
| **R1** Names the present feeling or need | At least one clause names a feeling, state or need the client has now ("you''re worn out", "you need something solid"), traceable to their words or a visible cue. Tentative wording counts, and so does echoing the client''s own feeling word. | No feeling or need is named; or only the therapist''s own, a lifelong trait, or a label with no link to this moment. "I hear you" or "that''s understandable" alone scores 0. |
| **R2** Offers choice or checks understanding | An explicit opening for the client to correct, decline or steer: a check ("have I got that right?"), an either/or or opt-out ("we can stay with this or leave it for now"), or an open question about what they want. A silence described as deliberately leaving room also counts. | No such opening, or the only question pushes the therapist''s idea or plan ("could this be about your father?"), leads ("don''t you think…?") or is rhetorical. |
| **R3** No premature fix, reassurance or interpretation | No sentence gives unasked-for advice, a technique or a plan; promises an outcome or disputes the feeling ("you''re safe", "it''ll get better"); explains the client''s cause ("this is really about…"); or lectures on evidence. Structure offered as a declinable option after a reflection, and a safety or risk question when the moment shows risk, are allowed. | At least one such sentence is present, even softened ("I wonder if this is really about…") or surrounded by good content. The grader quotes it. |
| **R4** Fits the pace | Length and tempo match the moment: brief (about two sentences, one move, at most one question) when the client is flooded, guarded or leaving; fuller only when the client is reflective, and even then at most two moves and one question, on the client''s topic. | Two or more questions in a row; several moves at once (reflect, explain, plan, ask) in a brief moment; a clipped "Okay. Go on." straight after a hard disclosure; or a change of subject. |

*Words that include identifiable client or third-party details are returned unscored for revision, as in the reflection rubric. Score the response, never how much the trainee discloses.*','4e8af05371bbf46e63d638af43df9984','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('b9590b7f12014d30bca2530c30c400ea','m4-checkin-after-score','code',1,'checkin_result("m4.checkin-after", points=1)','6772013b728ce840c96fd2e5f4f21ba4','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('4a8cc7935b274c07951cc3195d66aafc','m4-kc-righting-reflex-score','code',1,'committed_check("m4.kc-righting-reflex")','bca99320ac3393a298c3d2c40e1d6b37','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('49f9f6280bee4bbe9f4f5a9ca98b4ae2','m4-kc-fis-score','code',1,'committed_check("m4.kc-fis")','0aaf431af0b718fb6d39bb9f5507279a','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('03696b9dc5604bf4ad26b14053e9be38','m4-kc-directive-score','code',1,'committed_check("m4.kc-directive")','9e248626bd96ba86677cac90b0d8b114','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('4feb4f6aab194b589ef06f67bbd4ddde','m4-kc-withholding-score','code',1,'committed_check("m4.kc-withholding")','323f36c3d770d761dcc2e62537e6bacd','a34a9f262654420f8cefb8b0e3e55053');
INSERT INTO "source_cell" VALUES('1a959fcd49054f439ee55bac95594c05','m4-before-submit','markdown',1,'## Before you submit

1. Save the notebook (Ctrl+S).
2. Re-read your reflections for anything that could identify a real person.
3. Use **Validate** in the Assignments panel: it warns you about any exercise you have not
   committed yet. It also says "partial credit" for a vignette path or an answer that earned
   less than full points: that is expected (few paths earn every rating), and it does not
   mean anything is missing. Only the exercises it says were *not answered* need your attention.
4. Submit from the Assignments panel. Your `responses.jsonl` goes with it automatically.','7f1cdb9ae2670394228b1d990e768fd7','a34a9f262654420f8cefb8b0e3e55053');
CREATE TABLE student (
	id VARCHAR(128) NOT NULL, 
	first_name VARCHAR(128), 
	last_name VARCHAR(128), 
	email VARCHAR(128), 
	lms_user_id VARCHAR(128), 
	PRIMARY KEY (id)
);
INSERT INTO "student" VALUES('attuned',NULL,NULL,NULL,NULL);
INSERT INTO "student" VALUES('fixer',NULL,NULL,NULL,NULL);
INSERT INTO "student" VALUES('silent',NULL,NULL,NULL,NULL);
INSERT INTO "student" VALUES('garbled',NULL,NULL,NULL,NULL);
CREATE TABLE submitted_assignment (
	id VARCHAR(32) NOT NULL, 
	assignment_id VARCHAR(32), 
	student_id VARCHAR(128), 
	timestamp DATETIME, 
	extension DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (assignment_id, student_id), 
	FOREIGN KEY(assignment_id) REFERENCES assignment (id), 
	FOREIGN KEY(student_id) REFERENCES student (id)
);
INSERT INTO "submitted_assignment" VALUES('42ecdfb56d5a4bc7b99950a0f3bcb643','4971baa076214eb0ad335bbb92b05cd8','attuned','2026-01-05 10:00:00.000000',NULL);
INSERT INTO "submitted_assignment" VALUES('e39f2e9a693e44d4b08002ca8da2b2d7','242a4d2a6cf74f349007f356073d9e71','attuned','2026-01-05 10:00:00.000000',NULL);
INSERT INTO "submitted_assignment" VALUES('b65449429a6a4d53bafd51d767d4ce02','4971baa076214eb0ad335bbb92b05cd8','fixer','2026-01-05 10:00:00.000000',NULL);
INSERT INTO "submitted_assignment" VALUES('9993254375fd4b7ba4efee13adf06be3','242a4d2a6cf74f349007f356073d9e71','fixer','2026-01-05 10:00:00.000000',NULL);
INSERT INTO "submitted_assignment" VALUES('bd21a5366e474835ad90877f0f58a1b7','4971baa076214eb0ad335bbb92b05cd8','garbled','2026-01-05 10:00:00.000000',NULL);
INSERT INTO "submitted_assignment" VALUES('2f8fc06108c547dba025cd230fd3761e','242a4d2a6cf74f349007f356073d9e71','garbled','2026-01-05 10:00:00.000000',NULL);
INSERT INTO "submitted_assignment" VALUES('db768270918b4055bb74b28421563d54','4971baa076214eb0ad335bbb92b05cd8','silent','2026-01-05 10:00:00.000000',NULL);
INSERT INTO "submitted_assignment" VALUES('abea1e11213f497a94d5ad95818c0e9b','242a4d2a6cf74f349007f356073d9e71','silent','2026-01-05 10:00:00.000000',NULL);
CREATE TABLE submitted_notebook (
	id VARCHAR(32) NOT NULL, 
	assignment_id VARCHAR(32), 
	notebook_id VARCHAR(32), 
	flagged BOOLEAN, 
	late_submission_penalty FLOAT, 
	PRIMARY KEY (id), 
	UNIQUE (notebook_id, assignment_id), 
	FOREIGN KEY(assignment_id) REFERENCES submitted_assignment (id), 
	FOREIGN KEY(notebook_id) REFERENCES notebook (id)
);
INSERT INTO "submitted_notebook" VALUES('5cd85076234f49778ef265a444d423d7','42ecdfb56d5a4bc7b99950a0f3bcb643','f92569a07a1c4e1d8326cef6307c9c8b',0,NULL);
INSERT INTO "submitted_notebook" VALUES('55cd5f636d664414adb59c2e268d7600','e39f2e9a693e44d4b08002ca8da2b2d7','a34a9f262654420f8cefb8b0e3e55053',0,NULL);
INSERT INTO "submitted_notebook" VALUES('da5df4f2c7c04148a15c6ff57d8cf735','b65449429a6a4d53bafd51d767d4ce02','f92569a07a1c4e1d8326cef6307c9c8b',0,NULL);
INSERT INTO "submitted_notebook" VALUES('44455c3982a440d8a28564f015ea6723','9993254375fd4b7ba4efee13adf06be3','a34a9f262654420f8cefb8b0e3e55053',0,NULL);
INSERT INTO "submitted_notebook" VALUES('71b55bebefba428c957e247b5ef760b7','bd21a5366e474835ad90877f0f58a1b7','f92569a07a1c4e1d8326cef6307c9c8b',0,NULL);
INSERT INTO "submitted_notebook" VALUES('23b4f21e551c434aab0750171290dd7b','2f8fc06108c547dba025cd230fd3761e','a34a9f262654420f8cefb8b0e3e55053',0,NULL);
INSERT INTO "submitted_notebook" VALUES('914c3fe3b59b40aca3fcc417a27ead9a','db768270918b4055bb74b28421563d54','f92569a07a1c4e1d8326cef6307c9c8b',0,NULL);
INSERT INTO "submitted_notebook" VALUES('49c11d1951ed4cca897edb987b7f0ece','abea1e11213f497a94d5ad95818c0e9b','a34a9f262654420f8cefb8b0e3e55053',0,NULL);
CREATE TABLE task_cells (
	id VARCHAR(32) NOT NULL, 
	max_score FLOAT NOT NULL, 
	cell_type VARCHAR(8) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(id) REFERENCES base_cell (id)
);
INSERT INTO "task_cells" VALUES('93a84d74374e4096bef64c0a4b5846e1',4.0,'markdown');
INSERT INTO "task_cells" VALUES('da791d1d6d7448a1a0f0ba6da7d5b5c5',4.0,'markdown');
INSERT INTO "task_cells" VALUES('b56f074c1c0148008a797bf41a0f52a4',4.0,'markdown');
INSERT INTO "task_cells" VALUES('35dfd275091c4876afaa0867ea97c0c9',4.0,'markdown');
COMMIT;
